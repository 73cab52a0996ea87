-- Every sum the document prints ("Summa", "Totalt", "varav intäkter") must
-- equal the sum of its rows in every budget and plan year, give or take the
-- rounding of the published rows (policy.rounding_tolerance per row).
-- Earlier columns (utfall, last year's budget) are for comparison only and
-- are not checked.

-- Compares one stated series with the sum of a list of row series, year by
-- year, and reports each year where they differ by more than the tolerance.
local function compare(submission, policy, report, stated, rows, what)
  if budget.absent(stated) then return end
  for _, year in ipairs(budget.years(submission)) do
    local printed = budget.value(stated, year)
    if printed ~= nil then
      local computed, n = budget.sum(rows, year)
      computed = computed or 0
      local off = math.abs(printed - computed)
      if off > budget.tolerance(submission, policy, n) then
        local fmt = function(k) return budget.format_amount(k, submission) end
        report{
          at = stated, key = budget.key(year), year = year,
          expected = fmt(computed), actual = fmt(printed),
          sv = string.format("%s %d: summan i dokumentet är %s, men raderna (%d st) summerar till %s, "
            .. "en skillnad på %s. Rätta summan eller raderna så att de stämmer.",
            what.sv, year, fmt(printed), n, fmt(computed), fmt(off)),
          en = string.format("%s %d: the document's sum is %s, but its %d rows add up to %s, "
            .. "a difference of %s. Correct the sum or the rows so that they agree.",
            what.en, year, fmt(printed), n, fmt(computed), fmt(off)),
        }
      end
    end
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
  compare(submission, policy, report, t.stated_total.amounts, budget.column(t.rows, "amounts"),
    named(label, sv, en))
end

-- "varav intäkter/kostnader": result = revenue − cost within a total line.
-- Returned as two rows (revenue, and cost with its sign turned) so that
-- compare() can add them up.
local function result_parts(totals)
  if budget.absent(totals.revenue) or budget.absent(totals.cost) then return nil end
  local negated = {}
  for year, v in pairs(totals.cost) do negated[year] = -v end
  return { totals.revenue, negated }
end

-- The result of each business area as a series (see budget.area_result).
local function area_results(submission, areas)
  local list = {}
  for _, area in ipairs(areas) do
    local r = {}
    for _, year in ipairs(budget.years(submission)) do
      r[budget.key(year)] = budget.area_result(area, year)
    end
    if next(r) ~= nil then list[#list + 1] = r end
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
    quote = "Every stated sum equals the sum of its rows, in every year, within the rounding of the published unit",
  },
  explain = {
    sv = [[
Kontrollerar att varje summarad som dokumentet skriver ut är summan av sina rader, för budgetåret och varje planår: nämndens budget inom ram, varje tabell i other_tables, förslag till förändrad ram (varje grupp och totalen), verksamhetsområdena (resultat, och kostnader/intäkter där alla områden har dem), investeringarna (netto, och utgifter/inkomster där alla rader har dem), åtgärdsprogrammet och förvaltningens sammanfattande resultattabell. I en summarad med "varav intäkter" och "varav kostnader" ska resultatet vara intäkter − kostnader.

Varför: KF:s ramar och beslut bygger på summorna. En summa som inte stämmer med raderna betyder att antingen raderna eller summan är fel, och då vet ingen vad nämnden faktiskt föreslår.

Avrundning: tabeller avrundas. Summan får avvika med en halv sista decimal per rad (policy.rounding_tolerance), t.ex. 0,05 mnkr per rad i en tabell i mnkr med en decimal, 500 kr per rad i hela tkr.

Åtgärd: räkna om summan och rätta den (eller raden som är fel). Skriv av dokumentet som det står; rätta inte summan i inlämningen utan i dokumentet.

Exempel: Leanlink 2023 anger summa resultat 0 tkr för 2024, men områdena summerar till −75 tkr (−24 792 − 35 156 + 59 873).]],
    en = [[
Checks that every sum the document prints equals the sum of its rows, in the budget year and every plan year: the board's budget within the frame, each table in other_tables, requests for a changed frame (each group and the total), the business areas (result, and cost/revenue where every area has them), investments (net, and spending/income where every row has them), the savings programme and the administration's summary result table. In a total line with "of which revenue" and "of which cost", the result must be revenue − cost.

Why: KF's frames and decisions rest on the totals. A sum that differs from its rows means either the rows or the sum is wrong, and nobody knows what the board actually proposes.

Rounding: published tables are rounded. A sum may differ by half the last decimal per row (policy.rounding_tolerance), e.g. 0.05 mnkr per row in an mnkr table with one decimal, 500 kr per row in whole tkr.

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
          compare(submission, policy, report, st.result, budget.column(summary.rows, "amounts"),
            { sv = what.sv .. ", resultat", en = what.en .. ", result" })
        end
        local parts = result_parts(st)
        if parts then
          compare(submission, policy, report, st.result, parts,
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
        for _, series in ipairs(budget.column(group.rows, "amounts")) do all_rows[#all_rows + 1] = series end
      end
      if not budget.absent(fc.stated_total) then
        compare(submission, policy, report, fc.stated_total.amounts, all_rows,
          named(fc.stated_total.label, "Förändrad ram totalt", "Changed frame in total"))
      end
    end

    local ba = submission.business_areas
    if not budget.absent(ba) and not budget.absent(ba.stated_total) then
      local st = ba.stated_total
      local what = named(st.label, "Verksamhetsområden", "Business areas")
      compare(submission, policy, report, st.result, area_results(submission, ba.areas),
        { sv = what.sv .. ", resultat", en = what.en .. ", result" })
      for _, f in ipairs({ { "cost", "kostnader", "cost" }, { "revenue", "intäkter", "revenue" } }) do
        if budget.all_have(ba.areas, f[1]) then
          compare(submission, policy, report, st[f[1]], budget.column(ba.areas, f[1]),
            { sv = what.sv .. ", " .. f[2], en = what.en .. ", " .. f[3] })
        end
      end
      local parts = result_parts(st)
      if parts then
        compare(submission, policy, report, st.result, parts,
          { sv = what.sv .. ", resultat = intäkter − kostnader", en = what.en .. ", result = revenue − cost" })
      end
    end

    local inv = submission.investments
    if not budget.absent(inv) and not budget.absent(inv.stated_total) then
      local what = named(inv.stated_total.label, "Investeringar", "Investments")
      for _, f in ipairs({ { "net", "netto", "net" }, { "spending", "utgifter", "spending" },
                           { "income", "inkomster", "income" } }) do
        if budget.all_have(inv.rows, f[1]) then
          compare(submission, policy, report, inv.stated_total[f[1]], budget.column(inv.rows, f[1]),
            { sv = what.sv .. ", " .. f[2], en = what.en .. ", " .. f[3] })
        end
      end
    end

    local sp = submission.savings_programme
    if not budget.absent(sp) and not budget.absent(sp.stated_total) then
      compare(submission, policy, report, sp.stated_total.amounts, budget.column(sp.measures, "amounts"),
        named(sp.stated_total.label or sp.label, "Åtgärdsprogram", "Savings programme"))
    end
  end,
}
