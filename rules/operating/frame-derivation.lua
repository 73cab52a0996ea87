-- The frame derivation the board prints ("Summa budgetram" = budgetram
-- enligt föregående beslut + uppräkning + tekniska justeringar, then
-- + demografi) must add up, and the frame it arrives at must be the frame
-- KF decided (the policy pack's operating frame).

-- Compares a stated series with an expected one, year by year (budget.compare:
-- `rows` rounded published values take part; 0 in an exact table). A
-- difference inside a rounded table's allowance is a notice that names it.
local function compare(submission, policy, report, stated, expected_of, rows, text)
  local fmt = function(k) return budget.format_amount(k, submission) end
  for _, year in ipairs(budget.years(submission)) do
    local printed = budget.value(stated, year)
    local expected = expected_of(year)
    if printed ~= nil and expected ~= nil then
      local c = budget.compare(submission, policy, printed, expected, rows)
      if c.status ~= "equal" then
        local note_sv, note_en = budget.allowance_note(c)
        local sv = text.sv(year, fmt(printed), fmt(expected)) .. string.format(" Skillnad: %s%s.", fmt(c.off), note_sv)
        local en = text.en(year, fmt(printed), fmt(expected)) .. string.format(" Difference: %s%s.", fmt(c.off), note_en)
        local severity = nil
        if c.status == "rounding" then
          severity = "notice"
          sv = sv .. " Troligen avrundning; kontrollera beloppen."
          en = en .. " Probably rounding; check the amounts."
        end
        report{
          at = stated, key = budget.key(year), year = year, severity = severity,
          expected = fmt(expected), actual = fmt(printed), difference = c.diff, sv = sv, en = en,
        }
      end
    end
  end
end

return {
  id = "operating.frame-derivation",
  title = { sv = "Ramberäkningen stämmer och ger KF:s ram", en = "The frame derivation adds up to KF's frame" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och budgetdirektiv (driftram per nämnd); 001 Budget 2019",
    document = "001",
    quote = "Summa budgetram enligt budgetdirektiv 464 532 460 620 465 669 465 669",
  },
  explain = {
    sv = [[
Kontrollerar nämndens ramberäkning (operating.frame) för budgetåret och varje planår:
1. Summa budgetram = budgetram enligt föregående beslut + uppräkning för pris- och löneökningar + tekniska justeringar (de delar som finns utskrivna).
2. Summa budgetram inklusive demografi = summa budgetram + justering för demografi.
3. Den slutliga ramen (inklusive demografi om den finns, annars summa budgetram) och ramen i verksamhetsområdestabellen (business_areas.stated_frame) är den driftram KF beslutat, alltså ramen i policypaketet.
Avrundning: KF:s ram är exakt, och en ramberäkning i hela tkr är exakt: 1 tkr fel är ett fel (456 450 + 8 490 − 407 ≠ 464 532). Bara en tabell som skrivs grövre än sina data (mnkr med en decimal) är avrundad; dess tolerans per rad står i policypaketet (policy.rounding_tolerance), och en skillnad inom toleransen ges som en notering som anger skillnaden och toleransen.

Varför: ramen är KF:s beslut. En ram som inte går att räkna fram, eller som skiljer sig från KF:s, gör att budgeten kontrolleras mot fel siffra.

Åtgärd: rätta den rad som är fel, eller skriv KF:s ram.

Exempel: Socialnämnden 2019: 456 450 + 8 489 − 407 = 464 532 tkr, samma som KF:s ram: inget fynd.]],
    en = [[
Checks the board's frame derivation (operating.frame) for the budget year and every plan year:
1. Total frame = frame by the previous decision + indexation for prices and wages + technical adjustments (the parts that are printed).
2. Total frame including demography = total frame + demography adjustment.
3. The final frame (including demography when given, else the total frame) and the frame in the business-area table (business_areas.stated_frame) are the operating frame KF decided, i.e. the frame in the policy pack.
Rounding: KF's frame is exact, and so is a derivation in whole tkr: 1 tkr off is an error (456 450 + 8 490 − 407 ≠ 464 532). Only a table printed coarser than its data (mnkr with one decimal) is rounded; its per-row allowance is in the policy pack (policy.rounding_tolerance), and a difference inside it is a notice that states the difference and the allowance.

Why: the frame is KF's decision. A frame that cannot be derived, or that differs from KF's, means the budget is checked against the wrong number.

Fix: correct the wrong line, or write KF's frame.

Example: Socialnämnden 2019: 456 450 + 8 489 − 407 = 464 532 tkr, the same as KF's frame: no finding.]],
  },
  check = function(submission, policy, report)
    local op = submission.operating
    local frame = nil
    if not budget.absent(op) then frame = op.frame end

    if not budget.absent(frame) and not budget.absent(frame.stated_frame) and not budget.absent(frame.previous_frame) then
      -- 1. previous + indexation + technical adjustments = stated frame
      local parts = { frame.previous_frame.amounts }
      if not budget.absent(frame.indexation) then parts[#parts + 1] = frame.indexation.amounts end
      if not budget.absent(frame.technical_adjustments) then
        for _, adj in ipairs(frame.technical_adjustments) do parts[#parts + 1] = adj.amounts end
      end
      compare(submission, policy, report, frame.stated_frame.amounts,
        function(year) return (budget.sum(parts, year)) end,
        #parts, {
          sv = function(y, p, e) return string.format("Summa budgetram %d är %s, men föregående ram + "
            .. "uppräkning + tekniska justeringar blir %s. Rätta summan eller raden som är fel.", y, p, e) end,
          en = function(y, p, e) return string.format("The total frame for %d is %s, but the previous frame "
            .. "+ indexation + technical adjustments make %s. Correct the total or the wrong line.", y, p, e) end,
        })
    end

    if not budget.absent(frame) and not budget.absent(frame.stated_frame_after_demography)
        and not budget.absent(frame.stated_frame) then
      -- 2. stated frame + demography = stated frame after demography
      local parts = { frame.stated_frame.amounts }
      if not budget.absent(frame.demography) then parts[#parts + 1] = frame.demography.amounts end
      compare(submission, policy, report, frame.stated_frame_after_demography.amounts,
        function(year) return (budget.sum(parts, year)) end,
        #parts, {
          sv = function(y, p, e) return string.format("Summa budgetram inklusive demografi %d är %s, men "
            .. "summa budgetram + justering för demografi blir %s. Rätta summan eller raden som är fel.", y, p, e) end,
          en = function(y, p, e) return string.format("The total frame including demography for %d is %s, "
            .. "but the total frame + demography adjustment make %s. Correct the total or the wrong line.", y, p, e) end,
        })
    end

    -- 3. the frame the board arrives at is KF's frame
    local org = budget.organisation(submission, policy)
    if org == nil or budget.absent(org.operating_frame) then return end
    local kf = function(year) return budget.value(org.operating_frame.amounts, year) end
    local text = {
      sv = function(y, p, e) return string.format("Nämndens driftram %d är %s, men KF:s beslut är %s. "
        .. "Skriv KF:s ram; mer pengar begärs i förslaget till förändrad ram.", y, p, e) end,
      en = function(y, p, e) return string.format("The board's operating frame for %d is %s, but KF decided "
        .. "%s. Write KF's frame; more money is asked for in the proposal for a changed frame.", y, p, e) end,
    }
    if not budget.absent(frame) then
      local final = frame.stated_frame_after_demography
      if budget.absent(final) then final = frame.stated_frame end
      -- KF's frame is exact; the printed frame is one published value
      if not budget.absent(final) then compare(submission, policy, report, final.amounts, kf, 1, text) end
    end
    local ba = submission.business_areas
    if not budget.absent(ba) and not budget.absent(ba.stated_frame) then
      compare(submission, policy, report, ba.stated_frame.amounts, kf, 1, text)
    end
  end,
}
