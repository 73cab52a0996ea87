-- Amounts in the wrong unit: a tkr table typed into a file whose unit says kr
-- (or mnkr into tkr) is a thousandth of what the board means. Below KF's
-- frames, every frame rule passes it: the investments "fit", the operating
-- budget is "under" the frame. KF's frames are the one scale the engine
-- knows, so amounts that are KF's frame divided (or multiplied) by a
-- thousand or a million in every year are taken for a unit error.

-- The scales between units: tkr/kr, mnkr/tkr (1 000), mnkr/kr (1 000 000).
-- A band of a factor two either side leaves room for a budget that differs
-- from its frame; a real budget a thousandth of its frame in every year does
-- not exist.
local SCALES = { 1000, 1000000 }

-- How many times larger `big` is than `small` as one of SCALES (with the
-- band), or nil. Integer division: no product that could overflow.
local function scale_of(big, small)
  for _, s in ipairs(SCALES) do
    local q = big // small
    if q >= s // 2 and q < s * 2 then return s end
  end
  return nil
end

-- The comparisons: the submission's amount and KF's frame, per year.
local function comparisons(submission, org)
  local list = {}
  local inv = submission.investments
  if not budget.absent(org.investment_frame) and not budget.absent(inv) then
    local counted = {}
    for _, row in ipairs(inv.rows) do
      if row.request ~= true then counted[#counted + 1] = row end
    end
    list[#list + 1] = {
      frame = org.investment_frame.amounts, sv = "nettoinvesteringarna", en = "net investments",
      frame_sv = "investeringsram", frame_en = "investment frame",
      amount = function(year)
        local net = budget.sum_rows(counted, "net", year)
        if net == nil and not budget.absent(inv.stated_total) then net = budget.value(inv.stated_total.net, year) end
        return net
      end,
    }
  end
  local wf = not budget.absent(submission.operating) and submission.operating.within_frame or nil
  if not budget.absent(org.operating_frame) and not budget.absent(wf) then
    list[#list + 1] = {
      frame = org.operating_frame.amounts, sv = "budgeten inom ram", en = "the budget within the frame",
      frame_sv = "driftram", frame_en = "operating frame",
      amount = function(year)
        local total = budget.sum_rows(wf.rows, "amounts", year)
        if total == nil and not budget.absent(wf.stated_total) then total = budget.value(wf.stated_total.amounts, year) end
        return total
      end,
    }
  end
  return list
end

return {
  id = "arithmetic.unit-scale",
  title = { sv = "Beloppen är i filens enhet", en = "Amounts are in the file's unit" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut: ramar per nämnd och år (policydata per beslut)",
    document = "DOMAIN.md",
    quote = "Money is exact: amounts are published in tkr or mnkr with decimals; convert them to an exact integer unit on load and compare exactly",
  },
  explain = {
    sv = [[
Vad regeln kontrollerar: att nämndens investeringar och budget inom ram inte är KF:s ram
delad (eller multiplicerad) med tusen eller en miljon i varje år där båda är skilda från
noll, med en faktor två åt vardera hållet. Då är beloppen nästan säkert skrivna i en annan
enhet än filens unit: tkr-belopp i en fil som anger kr, eller mnkr i en fil som anger tkr.

Varför: under KF:s ram klarar ett belopp som är en tusendel av vad nämnden menar varje
ramregel (investeringarna "ryms", budgeten ligger "under" ramen). KF:s ramar i
policypaketet är den skala motorn känner till.

Åtgärd: rätta unit (kr, tkr eller mnkr) så att den är enheten beloppen är skrivna i.

Exempel: Leanlink 2023 med unit "kr" men beloppen som i dokumentet (tkr): investeringarna
4 400 kr per år mot KF:s investeringsram 4 400 000 kr (4 400 tkr).]],
    en = [[
What the rule checks: that the board's investments and budget within the frame are not KF's
frame divided (or multiplied) by a thousand or a million in every year where both are not
zero, within a factor of two either way. Then the amounts are almost certainly written in
another unit than the file's unit: tkr amounts in a file that says kr, or mnkr in a file that
says tkr.

Why: below KF's frame, an amount a thousandth of what the board means passes every frame
rule (the investments "fit", the budget is "under" the frame). KF's frames in the policy
pack are the one scale the engine knows.

Fix: correct unit (kr, tkr or mnkr) to the unit the amounts are written in.

Example: Leanlink 2023 with unit "kr" but the amounts as in the document (tkr): investments
of 4 400 kr a year against KF's investment frame of 4 400 000 kr (4 400 tkr).]],
  },
  check = function(submission, policy, report)
    local org = budget.organisation(submission, policy)
    if org == nil then return end
    local fmt = function(k) return budget.format_amount(k, submission) end
    for _, c in ipairs(comparisons(submission, org)) do
      local scale, down, first, seen = nil, nil, nil, 0
      for _, year in ipairs(budget.years(submission)) do
        local limit, amount = budget.value(c.frame, year), c.amount(year)
        if limit ~= nil and amount ~= nil and limit ~= 0 and amount ~= 0 then
          local a, l = budget.abs(amount), budget.abs(limit)
          local s, d = scale_of(l, a), true
          if s == nil then s, d = scale_of(a, l), false end
          if s == nil or (scale ~= nil and (s ~= scale or d ~= down)) then
            scale = nil
            break
          end
          scale, down, seen = s, d, seen + 1
          if first == nil then first = { year = year, amount = amount, limit = limit } end
        end
      end
      if scale ~= nil and seen > 0 then
        local how_sv = down and (scale == 1000 and "en tusendel av" or "en miljondel av")
          or (scale == 1000 and "tusen gånger" or "en miljon gånger")
        local how_en = down and (scale == 1000 and "a thousandth of" or "a millionth of")
          or (scale == 1000 and "a thousand times" or "a million times")
        report{
          at = "/unit", year = first.year, expected = fmt(first.limit), actual = fmt(first.amount),
          sv = string.format("Beloppen ser ut att vara i en annan enhet än filens (%s): %s %d är %s, %s KF:s %s %s, "
            .. "och så i alla år med belopp (%d). Rätta unit till enheten beloppen är skrivna i.",
            submission.unit, c.sv, first.year, fmt(first.amount), how_sv, c.frame_sv, fmt(first.limit), seen),
          en = string.format("The amounts look like another unit than the file's (%s): %s in %d are %s, %s KF's %s "
            .. "%s, and so in every year with amounts (%d). Correct unit to the unit the amounts are written in.",
            submission.unit, c.en, first.year, fmt(first.amount), how_en, c.frame_en, fmt(first.limit), seen),
        }
      end
    end
  end,
}
