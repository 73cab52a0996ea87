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
4. Där policypaketet anger hur KF:s ram är uppbyggd (operating_frame.derivation) är varje utskriven del KF:s: budgetramen enligt föregående beslut, uppräkningen, demografin och de tekniska justeringarna (sammanlagt). Det prövas de år då 1–3 stämmer, så att två felskrivna delar som tar ut varandra inte går igenom; annars är felet redan rapporterat där.
Avrundning: KF:s ram är exakt, och en ramberäkning i hela tkr är exakt: 1 tkr fel är ett fel (456 450 + 8 490 − 407 ≠ 464 532). Bara en tabell som skrivs grövre än sina data (mnkr med en decimal) är avrundad; dess tolerans per rad står i policypaketet (policy.rounding_tolerance), och en skillnad inom toleransen ges som en notering som anger skillnaden och toleransen.

Varför: ramen är KF:s beslut. En ram som inte går att räkna fram, eller som skiljer sig från KF:s, gör att budgeten kontrolleras mot fel siffra.

Åtgärd: rätta den rad som är fel, eller skriv KF:s ram.

Exempel: Socialnämnden 2019: 456 450 + 8 489 − 407 = 464 532 tkr, samma som KF:s ram: inget fynd.]],
    en = [[
Checks the board's frame derivation (operating.frame) for the budget year and every plan year:
1. Total frame = frame by the previous decision + indexation for prices and wages + technical adjustments (the parts that are printed).
2. Total frame including demography = total frame + demography adjustment.
3. The final frame (including demography when given, else the total frame) and the frame in the business-area table (business_areas.stated_frame) are the operating frame KF decided, i.e. the frame in the policy pack.
4. Where the policy pack gives how KF's frame is built up (operating_frame.derivation), each printed part is KF's: the frame by the previous decision, the indexation, the demography and the technical adjustments (in total). Checked in the years where 1–3 hold, so that two misquoted parts that cancel out do not pass; otherwise the fault is already reported there.
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
    -- 4. each printed component is KF's (the pack's derivation, where given):
    -- a board that misquotes two components so that they still add up to
    -- KF's frame has still misquoted KF. Only in a year where 1–3 found
    -- nothing (the derivation adds up to KF's frame): otherwise the wrong
    -- line is already reported there. Technical adjustments are compared as
    -- their sum (KF and the board may split them differently).
    local function adds_up_to_kf(year)
      local stated = budget.value(frame.stated_frame.amounts, year)
      if budget.absent(frame.previous_frame) then return false end
      local parts = { frame.previous_frame.amounts }
      if not budget.absent(frame.indexation) then parts[#parts + 1] = frame.indexation.amounts end
      if not budget.absent(frame.technical_adjustments) then
        for _, adj in ipairs(frame.technical_adjustments) do parts[#parts + 1] = adj.amounts end
      end
      local final = frame.stated_frame_after_demography
      if budget.absent(final) then
        final = frame.stated_frame
      elseif not budget.absent(frame.demography) then
        -- 2. must hold too: stated frame + demography = the final frame
        local after = budget.sum({ frame.stated_frame.amounts, frame.demography.amounts }, year)
        if after ~= budget.value(final.amounts, year) then return false end
      end
      local final_v = budget.value(final.amounts, year)
      return stated ~= nil and budget.sum(parts, year) == stated and final_v ~= nil and final_v == kf(year)
    end
    if not budget.absent(frame) and not budget.absent(org.operating_frame.derivation)
        and not budget.absent(frame.stated_frame) then
      local kf_parts = {}  -- kind -> list of KF's series
      for _, comp in ipairs(org.operating_frame.derivation) do
        kf_parts[comp.kind] = kf_parts[comp.kind] or {}
        table.insert(kf_parts[comp.kind], comp.amounts)
      end
      local adjustments = nil
      if not budget.absent(frame.technical_adjustments) and #frame.technical_adjustments > 0 then
        adjustments = {}
        for _, adj in ipairs(frame.technical_adjustments) do adjustments[#adjustments + 1] = adj.amounts end
      end
      local COMPONENTS = {
        { "previous-frame", frame.previous_frame, "budgetramen enligt föregående beslut", "the frame by the previous decision" },
        { "indexation", frame.indexation, "uppräkningen för pris- och löneökningar", "the indexation for prices and wages" },
        { "demography", frame.demography, "justeringen för demografi", "the demography adjustment" },
      }
      for _, c in ipairs(COMPONENTS) do
        local kind, printed, sv_name, en_name = c[1], c[2], c[3], c[4]
        if kf_parts[kind] ~= nil and not budget.absent(printed) then
          compare(submission, policy, report, printed.amounts,
            function(year) return adds_up_to_kf(year) and (budget.sum(kf_parts[kind], year)) or nil end, 1, {
              sv = function(y, p, e) return string.format("I ramberäkningen är %s %d %s, men KF:s beslut är %s. "
                .. "Skriv KF:s belopp.", sv_name, y, p, e) end,
              en = function(y, p, e) return string.format("In the frame derivation %s for %d is %s, but KF decided "
                .. "%s. Write KF's amount.", en_name, y, p, e) end,
            })
        end
      end
      -- the adjustments: their sum, pointed at the first printed row
      if kf_parts["technical-adjustment"] ~= nil and adjustments ~= nil then
        for _, year in ipairs(budget.years(submission)) do
          local printed = budget.sum(adjustments, year)
          local kf_sum = budget.sum(kf_parts["technical-adjustment"], year)
          if printed ~= nil and kf_sum ~= nil and adds_up_to_kf(year) then
            local c = budget.compare(submission, policy, printed, kf_sum, #adjustments)
            if c.status ~= "equal" then
              local fmt = function(k) return budget.format_amount(k, submission) end
              local note_sv, note_en = budget.allowance_note(c)
              report{
                at = frame.technical_adjustments[1].amounts, key = budget.key(year), year = year,
                severity = c.status == "rounding" and "notice" or nil,
                expected = fmt(kf_sum), actual = fmt(printed), difference = c.diff,
                sv = string.format("I ramberäkningen är de tekniska justeringarna %d sammanlagt %s (%d rader), men "
                  .. "KF:s beslut är %s. Skillnad: %s%s. Skriv KF:s belopp.", year, fmt(printed), #adjustments,
                  fmt(kf_sum), fmt(c.off), note_sv),
                en = string.format("In the frame derivation the technical adjustments for %d are %s in total (%d rows), "
                  .. "but KF decided %s. Difference: %s%s. Write KF's amounts.", year, fmt(printed), #adjustments,
                  fmt(kf_sum), fmt(c.off), note_en),
              }
            end
          end
        end
      end
    end

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
