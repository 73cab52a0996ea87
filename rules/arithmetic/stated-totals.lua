-- Every sum the document prints ("Summa", "Totalt", "varav intäkter") must
-- equal the sum of its rows in every budget and plan year. Exact tables (whole
-- tkr) must agree exactly; a table printed coarser than its data (mnkr with one
-- decimal) may be off by its rounding allowance (budget.compare), and such a
-- difference is a notice that names the allowance. Earlier columns (utfall,
-- last year's budget) are checked too, at notice level (DOMAIN rule 6: every
-- year).


-- A stated series and its earlier columns: { now = series, earlier = series }.
local function pair(now, earlier) return { now = now, earlier = earlier } end

local earlier_of = budget.earlier

-- Pairs for `field` of every row (field nil: the row's amounts + earlier).
local function row_pairs(rows, field)
  local list = {}
  if budget.absent(rows) then return list end
  for _, row in ipairs(rows) do
    local now = row[field or "amounts"]
    if not budget.absent(now) then list[#list + 1] = pair(now, earlier_of(row, field)) end
  end
  return list
end

-- Compares one year: the stated value with the sum of the rows' values.
local function compare_year(submission, policy, report, series, list, what, year, earlier)
  local printed = budget.value(series, year)
  if printed == nil then return end
  local computed, n = budget.sum(list, year)
  computed = computed or 0
  local c = budget.compare(submission, policy, printed, computed, n)
  if c.status == "equal" then return end
  local fmt = function(k) return budget.format_amount(k, submission) end
  local when_sv, when_en = budget.year_label(submission, year, earlier)
  local note_sv, note_en = budget.allowance_note(c)
  local severity = nil
  if earlier or c.status == "rounding" then severity = "notice" end
  local sv, en
  if c.status == "rounding" then
    sv = string.format("%s %s: summan i dokumentet är %s och raderna (%d st) summerar till %s, en skillnad på %s%s. "
      .. "Troligen avrundning; kontrollera att summan är rätt avrundad.",
      what.sv, when_sv, fmt(printed), n, fmt(computed), fmt(c.off), note_sv)
    en = string.format("%s %s: the document's sum is %s and its %d rows add up to %s, a difference of %s%s. "
      .. "Probably rounding; check that the sum is rounded correctly.",
      what.en, when_en, fmt(printed), n, fmt(computed), fmt(c.off), note_en)
  else
    sv = string.format("%s %s: summan i dokumentet är %s, men raderna (%d st) summerar till %s, "
      .. "en skillnad på %s%s. Rätta summan eller raderna så att de stämmer.",
      what.sv, when_sv, fmt(printed), n, fmt(computed), fmt(c.off), note_sv)
    en = string.format("%s %s: the document's sum is %s, but its %d rows add up to %s, "
      .. "a difference of %s%s. Correct the sum or the rows so that they agree.",
      what.en, when_en, fmt(printed), n, fmt(computed), fmt(c.off), note_en)
  end
  report{
    at = series, key = budget.key(year), year = year, severity = severity,
    expected = fmt(computed), actual = fmt(printed), difference = c.diff, sv = sv, en = en,
  }
end

-- Compares one stated pair with the sum of a list of row pairs, in the budget
-- and plan years (the rule's severity) and in the earlier columns (notice).
local function compare(submission, policy, report, stated, rows, what)
  if budget.absent(stated) or budget.absent(stated.now) then return end
  local now, before = {}, {}
  for _, r in ipairs(rows) do
    now[#now + 1] = r.now
    if r.earlier ~= nil then before[#before + 1] = r.earlier end
  end
  for _, year in ipairs(budget.years(submission)) do
    compare_year(submission, policy, report, stated.now, now, what, year, false)
  end
  -- an earlier column is compared only when every row has one: a row that
  -- starts this year has no earlier value, and that is not a wrong sum
  if stated.earlier == nil or #before ~= #rows or #rows == 0 then return end
  for _, year in ipairs(budget.earlier_years(submission)) do
    compare_year(submission, policy, report, stated.earlier, before, what, year, true)
  end
end

-- A name for a table in messages: its own label, or a description.
local function named(label, sv, en)
  if budget.absent(label) then return { sv = sv, en = en } end
  return { sv = sv .. " \"" .. label .. "\"", en = en .. " \"" .. label .. "\"" }
end

-- A "table" (rows with amounts and a stated_total).
local function check_table(submission, policy, report, t, sv, en)
  if budget.absent(t) or budget.absent(t.stated_total) then return end
  local label = t.stated_total.label
  if budget.absent(label) then label = t.label end
  compare(submission, policy, report, pair(t.stated_total.amounts, earlier_of(t.stated_total)),
    row_pairs(t.rows), named(label, sv, en))
end

-- A series with every value's sign turned (checked).
local function negated(series)
  if series == nil then return nil end
  local out = {}
  for year, v in pairs(series) do out[year] = budget.sub(0, v) end
  return out
end

-- "varav intäkter/kostnader": result = revenue − cost within a total line.
-- Returned as two row pairs (revenue, and cost with its sign turned) so that
-- compare() can add them up.
local function result_parts(totals)
  if budget.absent(totals.revenue) or budget.absent(totals.cost) then return nil end
  local rev_e, cost_e = earlier_of(totals, "revenue"), earlier_of(totals, "cost")
  if rev_e == nil or cost_e == nil then rev_e, cost_e = nil, nil end
  return { pair(totals.revenue, rev_e), pair(negated(totals.cost), negated(cost_e)) }
end

-- An area's result in each of `years`, from `result` or else revenue − cost.
local function result_series(years, result, revenue, cost)
  local r = {}
  for _, year in ipairs(years) do
    local v = budget.value(result, year)
    if v == nil then
      local rev, c = budget.value(revenue, year), budget.value(cost, year)
      if rev ~= nil and c ~= nil then v = budget.sub(rev, c) end
    end
    r[budget.key(year)] = v
  end
  if next(r) == nil then return nil end
  return r
end

-- The result of each business area as a row pair (see budget.area_result).
local function area_results(submission, areas)
  local list = {}
  for _, area in ipairs(areas) do
    local now = result_series(budget.years(submission), area.result, area.revenue, area.cost)
    local earlier = result_series(budget.earlier_years(submission), earlier_of(area, "result"),
      earlier_of(area, "revenue"), earlier_of(area, "cost"))
    if now ~= nil then list[#list + 1] = pair(now, earlier) end
  end
  return list
end

return {
  id = "arithmetic.stated-totals",
  title = { sv = "Summor stämmer med raderna", en = "Stated sums equal their rows" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och budgetdirektiv (alla beslut)",
    document = "DOMAIN.md",
    quote = "Every stated sum equals the sum of its rows, in every year. Only a table printed coarser than its data is rounded (a table in mnkr with one decimal can be off by 0.05 per row); decided amounts printed in their own unit (whole tkr in a tkr budget, KF's frames) are exact, and 1 tkr off is an error. A difference inside a rounding allowance is still worth a notice; it is never silent.",
  },
  explain = {
    sv = [[
Kontrollerar att varje summarad som dokumentet skriver ut är summan av sina rader, för budgetåret och varje planår: nämndens budget inom ram, varje tabell i other_tables, förslag till förändrad ram (varje grupp och totalen), verksamhetsområdena (resultat, och kostnader/intäkter där alla områden har dem), investeringarna (netto, och utgifter/inkomster där alla rader har dem), åtgärdsprogrammet och förvaltningens sammanfattande resultattabell. I en summarad med "varav intäkter" och "varav kostnader" ska resultatet vara intäkter − kostnader.

Varför: KF:s ramar och beslut bygger på summorna. En summa som inte stämmer med raderna betyder att antingen raderna eller summan är fel, och då vet ingen vad nämnden faktiskt föreslår.

Avrundning: en tabell i sin egen enhet (hela tkr i en tkr-budget) är exakt: 1 tkr fel är ett fel. Bara en tabell som skrivs grövre än sina data (mnkr med en decimal) är avrundad; hur mycket varje rad får avvika står i policypaketet (policy.rounding_tolerance, 0,05 mnkr per rad för mnkr med en decimal), och summan får avvika högst antal rader × det. En skillnad inom toleransen rapporteras ändå, som en notering som anger skillnaden och toleransen (t.ex. "0,1 mnkr, inom avrundningstoleransen 0,3 mnkr (6 rader × 0,05 mnkr)").

Tidigare kolumner (utfall, förra årets budget) kontrolleras också, men som noteringar: de är jämförelsetal, men en summa som inte stämmer där visar att tabellen inte går att lita på. En tidigare kolumn jämförs bara när alla rader har den.

Åtgärd: räkna om summan och rätta den (eller raden som är fel). Skriv av dokumentet som det står; rätta inte summan i inlämningen utan i dokumentet.

Exempel: Leanlink 2023 anger summa resultat 0 tkr för 2024, men områdena summerar till −75 tkr (−24 792 − 35 156 + 59 873).]],
    en = [[
Checks that every sum the document prints equals the sum of its rows, in the budget year and every plan year: the board's budget within the frame, each table in other_tables, requests for a changed frame (each group and the total), the business areas (result, and cost/revenue where every area has them), investments (net, and spending/income where every row has them), the savings programme and the administration's summary result table. In a total line with "of which revenue" and "of which cost", the result must be revenue − cost.

Why: KF's frames and decisions rest on the totals. A sum that differs from its rows means either the rows or the sum is wrong, and nobody knows what the board actually proposes.

Rounding: a table printed in its own unit (whole tkr in a tkr budget) is exact: 1 tkr off is an error. Only a table printed coarser than its data (mnkr with one decimal) is rounded; how far each row may be off is in the policy pack (policy.rounding_tolerance, 0.05 mnkr per row for mnkr with one decimal), and the sum may be off by at most the number of rows times that. A difference inside the allowance is still reported, as a notice that states the difference and the allowance (e.g. "0,1 mnkr, within the rounding allowance of 0,3 mnkr (6 rows × 0,05 mnkr)").

Earlier columns (outcome, last year's budget) are checked too, as notices: they are for comparison, but a sum that does not hold there shows the table cannot be trusted. An earlier column is compared only when every row has one.

Fix: recompute the sum and correct it (or the wrong row) in the document.

Example: Leanlink 2023 states a total result of 0 tkr for 2024, but its areas add up to −75 tkr (−24 792 − 35 156 + 59 873).]],
  },
  check = function(submission, policy, report)
    local op = submission.operating
    if not budget.absent(op) then
      check_table(submission, policy, report, op.within_frame,
        "Budget inom ram", "Budget within the frame")
      if not budget.absent(op.other_tables) then
        for _, t in ipairs(op.other_tables) do
          check_table(submission, policy, report, t, "Tabell", "Table")
        end
      end
      local summary = op.summary
      if not budget.absent(summary) and not budget.absent(summary.stated_total) then
        local st = summary.stated_total
        local what = named(st.label, "Sammanfattande resultattabell", "Summary result table")
        if not budget.absent(summary.rows) then
          compare(submission, policy, report, pair(st.result, earlier_of(st, "result")), row_pairs(summary.rows),
            { sv = what.sv .. ", resultat", en = what.en .. ", result" })
        end
        local parts = result_parts(st)
        if parts then
          compare(submission, policy, report, pair(st.result, earlier_of(st, "result")), parts,
            { sv = what.sv .. ", resultat = intäkter − kostnader", en = what.en .. ", result = revenue − cost" })
        end
      end
    end

    local fc = submission.frame_changes
    if not budget.absent(fc) then
      local all_rows = {}
      for _, group in ipairs(fc.groups) do
        check_table(submission, policy, report, group, "Förändrad ram, " .. group.name,
          "Changed frame, " .. group.name)
        for _, p in ipairs(row_pairs(group.rows)) do all_rows[#all_rows + 1] = p end
      end
      if not budget.absent(fc.stated_total) then
        compare(submission, policy, report, pair(fc.stated_total.amounts, earlier_of(fc.stated_total)), all_rows,
          named(fc.stated_total.label, "Förändrad ram totalt", "Changed frame in total"))
      end
    end

    local ba = submission.business_areas
    if not budget.absent(ba) and not budget.absent(ba.stated_total) then
      local st = ba.stated_total
      local what = named(st.label, "Verksamhetsområden", "Business areas")
      compare(submission, policy, report, pair(st.result, earlier_of(st, "result")), area_results(submission, ba.areas),
        { sv = what.sv .. ", resultat", en = what.en .. ", result" })
      for _, f in ipairs({ { "cost", "kostnader", "cost" }, { "revenue", "intäkter", "revenue" } }) do
        if budget.all_have(ba.areas, f[1]) then
          compare(submission, policy, report, pair(st[f[1]], earlier_of(st, f[1])), row_pairs(ba.areas, f[1]),
            { sv = what.sv .. ", " .. f[2], en = what.en .. ", " .. f[3] })
        end
      end
      local parts = result_parts(st)
      if parts then
        compare(submission, policy, report, pair(st.result, earlier_of(st, "result")), parts,
          { sv = what.sv .. ", resultat = intäkter − kostnader", en = what.en .. ", result = revenue − cost" })
      end
    end

    local inv = submission.investments
    if not budget.absent(inv) and not budget.absent(inv.stated_total) then
      local what = named(inv.stated_total.label, "Investeringar", "Investments")
      for _, f in ipairs({ { "net", "netto", "net" }, { "spending", "utgifter", "spending" },
                           { "income", "inkomster", "income" } }) do
        -- no rows at all: a stated total of nothing is 0 (never a silent pass)
        if #inv.rows == 0 or budget.all_have(inv.rows, f[1]) then
          compare(submission, policy, report, pair(inv.stated_total[f[1]], earlier_of(inv.stated_total, f[1])),
            row_pairs(inv.rows, f[1]),
            { sv = what.sv .. ", " .. f[2], en = what.en .. ", " .. f[3] })
        end
      end
    end

    local sp = submission.savings_programme
    if not budget.absent(sp) and not budget.absent(sp.stated_total) then
      compare(submission, policy, report, pair(sp.stated_total.amounts, earlier_of(sp.stated_total)),
        row_pairs(sp.measures),
        named(sp.stated_total.label or sp.label, "Åtgärdsprogram", "Savings programme"))
    end
  end,
}
