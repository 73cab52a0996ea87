-- A savings programme (åtgärdsprogram) that counts on "Ospecificerat"
-- savings balances the budget with money nobody has yet found a measure
-- for. Not forbidden, but the budget committee should know: a warning per
-- year and row.

-- How documents name savings not yet tied to a measure, compared as names
-- are (budget.normalise): a row so named is unspecified even when the
-- transcriber left its flag false, since the flag is what this rule reads.
local UNSPECIFIED_WORDS = { "ospecificera", "ej specificera", "inte specificera", "ännu ej fördela",
  "ej fördela", "inte fördela", "ofördela", "ej precisera", "inte precisera", "oprecisera",
  "ej identifiera", "inte identifiera", "oidentifiera", "ej konkretisera", "inte konkretisera",
  "unspecified", "not specified", "not yet specified", "unallocated", "not yet identified" }

local function named_unspecified(name)
  local own = budget.normalise(name)
  for _, w in ipairs(UNSPECIFIED_WORDS) do
    if string.find(own, w, 1, true) then return true end
  end
  return false
end

return {
  id = "savings.unspecified",
  title = { sv = "Ospecificerade besparingar", en = "Unspecified savings" },
  severity = "warning",
  source = {
    decision = "KF:s krav på budget i balans; 004 Budget 2023 (Leanlink)",
    document = "004",
    quote = "Åtgärdsprogrammet på 58 mkr tom 2026 för att nå en budget i balans är fördelat enligt nedan angiven tabell.",
  },
  explain = {
    sv = [[
Varnar för varje budget- och planår där nämndens åtgärdsprogram räknar med besparingar som inte är knutna till någon åtgärd (raden "Ospecificerat", unspecified: true, eller en rad vars namn säger ospecificerat, ej specificerat, ej/ofördelat, ej preciserat, ej identifierat eller ej konkretiserat).

Varför: en budget i balans som vilar på ospecificerade besparingar är i balans bara på papperet. Budgetberedningen behöver veta hur stor del av besparingarna som saknar åtgärd.

Åtgärd: ersätt de ospecificerade besparingarna med konkreta åtgärder, eller redovisa hur de ska tas fram.

Exempel: Leanlink 2023: åtgärdsprogrammet är 58 mkr 2026, varav 8 mkr (8 000 tkr) ospecificerat: varning för 2026.]],
    en = [[
Warns for each budget and plan year where the board's savings programme counts on savings not tied to any measure (the "Ospecificerat" row, unspecified: true, or a row whose name says ospecificerat, ej specificerat, ej/ofördelat, ej preciserat, ej identifierat or ej konkretiserat).

Why: a balanced budget that rests on unspecified savings is balanced only on paper. The budget committee needs to know how much of the savings lacks a measure.

Fix: replace the unspecified savings with concrete measures, or explain how they will be found.

Example: Leanlink 2023: the savings programme is 58 mkr in 2026, of which 8 mkr (8 000 tkr) is unspecified: a warning for 2026.]],
  },
  check = function(submission, policy, report)
    local sp = submission.savings_programme
    if budget.absent(sp) then return end
    local fmt = function(k) return budget.format_amount(k, submission) end
    for _, measure in ipairs(sp.measures) do
      if measure.unspecified == true or named_unspecified(measure.name) then
        for _, year in ipairs(budget.years(submission)) do
          local amount = budget.value(measure.amounts, year)
          if amount ~= nil and amount > 0 then
            local all = budget.sum_rows(sp.measures, "amounts", year)
            report{
              at = measure.amounts, key = budget.key(year), year = year,
              expected = fmt(0), actual = fmt(amount), difference = amount,
              sv = string.format("Åtgärdsprogrammet räknar %d med ospecificerade besparingar (\"%s\") på %s "
                .. "av sammanlagt %s. Budgeten är i balans först när besparingarna är knutna till åtgärder; "
                .. "redovisa vilka.", year, measure.name, fmt(amount), fmt(all)),
              en = string.format("The savings programme counts on unspecified savings (\"%s\") of %s in %d, "
                .. "out of %s in total. The budget is balanced only once the savings are tied to measures; "
                .. "say which.", measure.name, fmt(amount), year, fmt(all)),
            }
          end
        end
      end
    end
  end,
}
