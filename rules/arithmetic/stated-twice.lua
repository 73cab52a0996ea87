-- The same quantity printed in two tables must agree: the administration's
-- total result, revenue and cost (the operating summary and the business-area
-- table both print them) and its frame (the frame derivation and the
-- business-area table). In every year the submission has, earlier columns
-- included: a document that says two different things about one amount
-- cannot be right in both places.


local earlier_of = budget.earlier

-- A place where an amount is printed: its series, its earlier series and
-- how a message names it.
local function place(now, earlier, sv, en)
  if budget.absent(now) then return nil end
  return { now = now, earlier = earlier, sv = sv, en = en }
end

local function label_of(obj, sv, en)
  if budget.absent(obj) or budget.absent(obj.label) then return sv, en end
  return sv .. " \"" .. obj.label .. "\"", en .. " \"" .. obj.label .. "\""
end

-- Every pair of places that print one quantity: { what_sv, what_en, a, b }.
local function pairs_of(submission)
  local list = {}
  local op, ba = submission.operating, submission.business_areas
  local summary = (not budget.absent(op) and not budget.absent(op.summary)) and op.summary.stated_total or nil
  local areas = (not budget.absent(ba)) and ba.stated_total or nil
  if not budget.absent(summary) and not budget.absent(areas) then
    local s_sv, s_en = label_of(summary, "driftsammandraget", "the operating summary")
    local a_sv, a_en = label_of(areas, "tabellen per verksamhetsområde", "the table per business area")
    for _, f in ipairs({ { "result", "resultat", "result" }, { "revenue", "intäkter", "revenue" },
                         { "cost", "kostnader", "cost" } }) do
      local a = place(summary[f[1]], earlier_of(summary, f[1]), s_sv, s_en)
      local b = place(areas[f[1]], earlier_of(areas, f[1]), a_sv, a_en)
      if a and b then list[#list + 1] = { f[2], f[3], a, b } end
    end
  end
  -- the frame: the derivation's final line and the business-area table's
  local frame = (not budget.absent(op) and not budget.absent(op.frame)) and op.frame or nil
  if frame ~= nil and not budget.absent(ba) and not budget.absent(ba.stated_frame) then
    local final = frame.stated_frame_after_demography
    if budget.absent(final) then final = frame.stated_frame end
    if not budget.absent(final) then
      local f_sv, f_en = label_of(final, "ramberäkningen", "the frame derivation")
      local b_sv, b_en = label_of(ba.stated_frame, "tabellen per verksamhetsområde",
        "the table per business area")
      list[#list + 1] = { "budgetram", "frame", place(final.amounts, earlier_of(final), f_sv, f_en),
        place(ba.stated_frame.amounts, earlier_of(ba.stated_frame), b_sv, b_en) }
    end
  end
  return list
end

return {
  id = "arithmetic.stated-twice",
  title = { sv = "Samma belopp är lika där det står två gånger",
            en = "An amount printed twice is the same in both places" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och budgetdirektiv (alla beslut); 004 Budget 2023 (Leanlink)",
    document = "DOMAIN.md",
    quote = "The same quantity printed in two tables must agree. Real documents get this wrong (see Leanlink below).",
  },
  explain = {
    sv = [[
Kontrollerar att ett belopp som dokumentet skriver ut på två ställen är lika på båda, för varje år som inlämningen har, tidigare kolumner (utfall, förra årets budget) inräknade:
- förvaltningens totala resultat, intäkter och kostnader i driftsammandraget (operating.summary.stated_total) och i tabellen per verksamhetsområde (business_areas.stated_total);
- nämndens budgetram i ramberäkningen (operating.frame, sista raden) och i tabellen per verksamhetsområde (business_areas.stated_frame).

Båda ställena är skrivna i samma enhet och med samma antal decimaler, så de är avrundningar av samma tal och ska vara exakt lika: ingen avrundningstolerans används.

Varför: står samma belopp med två olika värden är minst ett av dem fel, och läsaren vet inte vilket. Det är ett fel även i en tidigare kolumn, eftersom båda talen står i årets dokument.

Åtgärd: ta reda på vilket värde som är rätt och rätta det andra.

Exempel: Leanlink 2023 anger budget 2022 som 1 586 000 tkr (intäkter och kostnader) i driftsammandraget men 1 586 827 tkr i tabellen per verksamhetsområde, en skillnad på 827 tkr.]],
    en = [[
Checks that an amount the document prints in two places is the same in both, in every year the submission has, earlier columns (outcome, last year's budget) included:
- the administration's total result, revenue and cost in the operating summary (operating.summary.stated_total) and in the table per business area (business_areas.stated_total);
- the board's frame in the frame derivation (operating.frame, its last line) and in the table per business area (business_areas.stated_frame).

Both places are printed in the same unit with the same decimals, so they are roundings of the same number and must be exactly equal: no rounding allowance is used.

Why: when one amount is printed with two values, at least one is wrong and the reader cannot tell which. That is an error in an earlier column too, because both numbers are printed in this year's document.

Fix: find out which value is right and correct the other.

Example: Leanlink 2023 states the 2022 budget as 1 586 000 tkr (revenue and cost) in the operating summary but as 1 586 827 tkr in the table per business area, 827 tkr apart.]],
  },
  check = function(submission, policy, report)
    local fmt = function(k) return budget.format_amount(k, submission) end
    local years = {}
    for _, y in ipairs(budget.earlier_years(submission)) do years[#years + 1] = { y, true } end
    for _, y in ipairs(budget.years(submission)) do years[#years + 1] = { y, false } end

    for _, p in ipairs(pairs_of(submission)) do
      local what_sv, what_en, a, b = p[1], p[2], p[3], p[4]
      for _, entry in ipairs(years) do
        local year, earlier = entry[1], entry[2]
        local sa = earlier and a.earlier or a.now
        local sb = earlier and b.earlier or b.now
        local va, vb = budget.value(sa, year), budget.value(sb, year)
        -- two printings of one number in the same unit and decimals: exact
        local c = (va ~= nil and vb ~= nil) and budget.compare(submission, policy, vb, va, 0) or nil
        if c ~= nil and c.status ~= "equal" then
          local when_sv, when_en = budget.year_label(submission, year, earlier)
          report{
            at = sb, key = budget.key(year), year = year,
            expected = fmt(va), actual = fmt(vb), difference = c.diff,
            sv = string.format("Samma belopp står med två olika värden: %s %s är %s i %s men %s i %s, "
              .. "en skillnad på %s. Ta reda på vilket som är rätt och rätta det andra.",
              what_sv, when_sv, fmt(va), a.sv, fmt(vb), b.sv, fmt(c.off)),
            en = string.format("One amount is printed with two values: %s %s is %s in %s but %s in %s, "
              .. "%s apart. Find out which is right and correct the other.",
              what_en, when_en, fmt(va), a.en, fmt(vb), b.en, fmt(c.off)),
          }
        end
      end
    end
  end,
}
