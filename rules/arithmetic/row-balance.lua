-- Within one row the parts must agree: a business area's result is its
-- revenue − cost, an investment's net is its spending − income (the format's
-- sign convention, docs/format.md); with two of the three given, the third
-- they imply must not be negative. The money rules read one of them (the
-- zero-result rule the result, the frame rules the net), so a row whose parts
-- disagree would be judged on a number its own figures contradict. Totals
-- lines are arithmetic.stated-totals' ("resultat = intäkter − kostnader");
-- this rule checks every row, and the investments' total line too.

-- The two kinds of row, with their fields and words for messages.
local AREA = { total = "result", plus = "revenue", minus = "cost",
  sv = { "resultat", "intäkter", "kostnader" }, en = { "result", "revenue", "cost" } }
local INVESTMENT = { total = "net", plus = "spending", minus = "income",
  sv = { "netto", "utgifter", "inkomster" }, en = { "net", "spending", "income" } }
local AREA_NOUNS = { "verksamhetsområde", "business area" }
local PARTS, WHEN = { 2, 3 }, { false, true }  -- the two parts; budget years, earlier columns

-- How a row reads in a message, Swedish and English (made only for a
-- finding: a name per row of a 20 000-row table would be garbage).
local function row_names(kind, row, is_total)
  if kind == AREA and is_total then
    local label = budget.absent(row.label) and "Summa" or row.label
    return 'Summaraden "' .. label .. '"', 'The total line "' .. label .. '"'
  end
  if kind == AREA then
    return budget.called("Verksamhetsområdet", row.name, AREA_NOUNS), budget.called("Business area", row.name, AREA_NOUNS)
  end
  if is_total then
    local label = budget.absent(row.label) and "Summa investeringar" or row.label
    return 'Summaraden "' .. label .. '"', 'The total line "' .. label .. '"'
  end
  return 'Investeringen "' .. row.name .. '"', 'The investment "' .. row.name .. '"'
end

return {
  id = "arithmetic.row-balance",
  title = { sv = "Varje rads delar stämmer (resultat = intäkter − kostnader, netto = utgifter − inkomster)",
            en = "Each row's parts agree (result = revenue − cost, net = spending − income)" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och budgetdirektiv (alla beslut); 002 Budget 2024 (VSS)",
    document = "002",
    quote = "Självkostnadsprincipen gäller för förvaltningens tjänster, det innebär att varje tjänst ska bära sina egna kostnader samt att verksamhetsområden budgeteras med ett nollresultat. Således ska intäkterna inom verksamhetsområdena motsvaras av lika stora kostnader.",
  },
  explain = {
    sv = [[
Kontrollerar varje rad där dokumentet anger alla tre delarna, för budgetåret och varje planår: ett verksamhetsområdes resultat = intäkter − kostnader, och en investerings netto = utgifter − inkomster (varje investeringsrad och summaraden). Tidigare kolumner (utfall, förra årets budget) kontrolleras som noteringar. Där bara två av tre anges blir den tredje vad de två ger (intäkter = resultat + kostnader, inkomster = utgifter − netto), och den får inte bli negativ: kostnader, intäkter, utgifter och inkomster är positiva belopp. Ett negativt belopp för kostnader, intäkter, utgifter eller inkomster (i en rad, i investeringarnas eller verksamhetsområdenas summarad eller i sammanfattningen) är ett fel: tecknet står kvar som den publicerade tabellen visade det.

Varför: reglerna läser en av delarna — självkostnadsregeln resultatet, ramreglerna nettot. Ett område med resultat 0 men intäkter som är lägre än kostnaderna har i själva verket ett underskott, och en investering med netto 4 400 tkr men utgifter 4 900 tkr utan inkomster överskrider ramen. En rad vars delar inte stämmer går inte att lita på.

Avrundning: i en tabell i sin egen enhet (hela tkr) är raden exakt: 1 tkr fel är ett fel. I en tabell som skrivs grövre än sina data (mnkr med en decimal) får skillnaden vara högst två rader × policypaketets tolerans per rad (policy.rounding_tolerance); en skillnad inom den ges som en notering som anger toleransen.

Åtgärd: rätta den del som är fel så att raden stämmer.

Exempel: VSS Stab och ledning 2024 med kostnader 29,4 mnkr, intäkter 28,4 mnkr och resultat 0 ger ett fel: intäkter − kostnader är −1,0 mnkr.]],
    en = [[
Checks every row where the document gives all three parts, for the budget year and every plan year: a business area's result = revenue − cost, and an investment's net = spending − income (every investment row and the total line). Earlier columns (outcome, last year's budget) are checked as notices. Where only two of the three are given, the third is what they imply (revenue = result + cost, income = spending − net), and it must not be negative: cost, revenue, spending and income are positive amounts. A negative cost, revenue, spending or income (in a row, in the total line of the investments or the business areas, or in the summary) is an error: the sign was left as the published table printed it.

Why: the rules read one of the parts — the self-cost rule the result, the frame rules the net. An area with a result of 0 but revenue below its cost in fact runs a deficit, and an investment with a net of 4 400 tkr but spending of 4 900 tkr and no income exceeds the frame. A row whose parts disagree cannot be trusted.

Rounding: in a table printed in its own unit (whole tkr) the row is exact: 1 tkr off is an error. In a table printed coarser than its data (mnkr with one decimal) the difference may be at most two rows × the pack's per-row allowance (policy.rounding_tolerance); a difference inside it is a notice that states the allowance.

Fix: correct the wrong part so that the row agrees.

Example: VSS Stab och ledning 2024 with cost 29,4 mnkr, revenue 28,4 mnkr and a result of 0 is an error: revenue − cost is −1,0 mnkr.]],
  },
  check = function(submission, policy, report)
    local fmt = function(k) return budget.format_amount(k, submission) end
    local years = {}
    for _, y in ipairs(budget.years(submission)) do years[#years + 1] = { y, false } end
    for _, y in ipairs(budget.earlier_years(submission)) do years[#years + 1] = { y, true } end

    -- A row's three series, for the budget years or for the earlier columns.
    local function series_of(kind, row, earlier)
      if earlier then
        return budget.earlier(row, kind.total), budget.earlier(row, kind.plus), budget.earlier(row, kind.minus)
      end
      return row[kind.total], row[kind.plus], row[kind.minus]
    end

    local function check_row(kind, row, is_total)
      local now_t, now_p, now_m = series_of(kind, row, false)
      local was_t, was_p, was_m = series_of(kind, row, true)
      for _, entry in ipairs(years) do
        local year, earlier = entry[1], entry[2]
        local total_s, plus_s, minus_s = now_t, now_p, now_m
        if earlier then total_s, plus_s, minus_s = was_t, was_p, was_m end
        local stated = budget.value(total_s, year)
        local plus, minus = budget.value(plus_s, year), budget.value(minus_s, year)
        if stated ~= nil and plus ~= nil and minus ~= nil then
          local parts = budget.sub(plus, minus)
          -- the two parts are published values that may carry the table's rounding
          local c = budget.compare(submission, policy, stated, parts, 2)
          if c.status ~= "equal" then
            local name_sv, name_en = row_names(kind, row, is_total)
            local when_sv, when_en = budget.year_label(submission, year, earlier)
            local note_sv, note_en = budget.allowance_note(c)
            local severity = nil
            local fix_sv, fix_en = "Rätta den del som är fel så att raden stämmer.",
              "Correct the wrong part so that the row agrees."
            if c.status == "rounding" then
              fix_sv, fix_en = "Troligen avrundning; kontrollera beloppen.", "Probably rounding; check the amounts."
            end
            if earlier or c.status == "rounding" then severity = "notice" end
            report{
              at = total_s, key = budget.key(year), year = year, severity = severity,
              expected = fmt(parts), actual = fmt(stated), difference = c.diff,
              sv = string.format("%s %s: %s är %s, men %s − %s är %s − %s = %s, en skillnad på %s%s. %s",
                name_sv, when_sv, kind.sv[1], fmt(stated), kind.sv[2], kind.sv[3], fmt(plus), fmt(minus),
                fmt(parts), fmt(c.off), note_sv, fix_sv),
              en = string.format("%s %s: the %s is %s, but %s − %s is %s − %s = %s, a difference of %s%s. %s",
                name_en, when_en, kind.en[1], fmt(stated), kind.en[2], kind.en[3], fmt(plus), fmt(minus),
                fmt(parts), fmt(c.off), note_en, fix_en),
            }
          end
        elseif stated ~= nil and (plus == nil) ~= (minus == nil) then
          -- Two of three given: the third is implied, and as cost, revenue,
          -- spending and income are positive amounts it cannot be negative
          -- (net 4 400 with spending 4 399 implies income −1).
          local implied, missing_i
          if plus == nil then
            implied, missing_i = budget.add(stated, minus), 2   -- revenue = result + cost
          else
            implied, missing_i = budget.sub(plus, stated), 3    -- cost = revenue − result
          end
          local c = implied < 0 and budget.compare(submission, policy, implied, 0, 2) or nil
          if c ~= nil then
            local name_sv, name_en = row_names(kind, row, is_total)
            local when_sv, when_en = budget.year_label(submission, year, earlier)
            local note_sv, note_en = budget.allowance_note(c)
            local severity = nil
            if earlier or c.status == "rounding" then severity = "notice" end
            local given_i = missing_i == 2 and 3 or 2
            local given = missing_i == 2 and minus or plus
            report{
              at = total_s, key = budget.key(year), year = year, severity = severity,
              expected = "≥ " .. fmt(0), actual = fmt(implied), difference = implied,
              sv = string.format("%s %s: %s är %s och %s %s, så %s blir %s, ett negativt belopp%s. Rätta raden "
                .. "eller redovisa %s.", name_sv, when_sv, kind.sv[1], fmt(stated), kind.sv[given_i], fmt(given),
                kind.sv[missing_i], fmt(implied), note_sv, kind.sv[missing_i]),
              en = string.format("%s %s: the %s is %s and the %s %s, so the %s comes out at %s, a negative amount%s. "
                .. "Correct the row or give the %s.", name_en, when_en, kind.en[1], fmt(stated), kind.en[given_i],
                fmt(given), kind.en[missing_i], fmt(implied), note_en, kind.en[missing_i]),
            }
          end
        end
      end
    end

    -- Cost, revenue, spending and income are positive amounts (the format's
    -- sign convention): a negative one is a sign left as a published table
    -- printed it, and every comparison above would read it the wrong way.
    local function check_signs(kind, row, is_total)
      for _, i in ipairs(PARTS) do
        local field = i == 2 and kind.plus or kind.minus
        for _, earlier in ipairs(WHEN) do
          local series = row[field]
          if earlier then series = budget.earlier(row, field) end
          if not budget.absent(series) then
            local negative = nil
            for year, v in pairs(series) do
              if v < 0 then
                negative = negative or {}
                negative[#negative + 1] = year
              end
            end
            if negative ~= nil then
              table.sort(negative)
              local parts = {}
              for _, y in ipairs(negative) do parts[#parts + 1] = y .. ": " .. fmt(series[y]) end
              local name_sv, name_en = row_names(kind, row, is_total)
              report{
                at = series, key = negative[1], year = math.tointeger(tonumber(negative[1])),
                severity = earlier and "notice" or nil,
                expected = "≥ " .. fmt(0), actual = table.concat(parts, ", "), difference = series[negative[1]],
                sv = string.format("%s: %s är negativa (%s). I formatet är %s ett positivt belopp; skriv beloppet "
                  .. "utan minustecken (dokumentets tabell kan visa det med tecken).", name_sv, kind.sv[i],
                  table.concat(parts, ", "), kind.sv[i]),
                en = string.format("%s: the %s is negative (%s). In the format %s is a positive amount; write the "
                  .. "amount without the minus sign (the document's table may print it signed).", name_en, kind.en[i],
                  table.concat(parts, ", "), kind.en[i]),
              }
            end
          end
        end
      end
    end

    -- Only rows that give a second part are compared; a row with the net
    -- alone (the usual investment row) costs one look-up.
    local function check_rows(kind, rows)
      for _, row in ipairs(rows) do
        if not budget.absent(row[kind.plus]) or not budget.absent(row[kind.minus]) or not budget.absent(row.earlier) then
          check_row(kind, row, false)
          check_signs(kind, row, false)
        end
      end
    end
    local ba, inv = submission.business_areas, submission.investments
    if not budget.absent(ba) then
      check_rows(AREA, ba.areas)
      -- the total line: its parts are arithmetic.stated-totals', its signs here
      if not budget.absent(ba.stated_total) then check_signs(AREA, ba.stated_total, true) end
    end
    if not budget.absent(inv) then
      check_rows(INVESTMENT, inv.rows)
      if not budget.absent(inv.stated_total) then
        check_row(INVESTMENT, inv.stated_total, true)
        check_signs(INVESTMENT, inv.stated_total, true)
      end
    end
    local op = submission.operating
    if not budget.absent(op) and not budget.absent(op.summary) and not budget.absent(op.summary.stated_total) then
      check_signs(AREA, op.summary.stated_total, true)
    end
  end,
}
