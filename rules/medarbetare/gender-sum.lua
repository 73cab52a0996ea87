-- Policy 1 with 6: for a mandatory indicator that is a count of people or
-- posts (measure.kind = "count" in the policy pack, e.g. 001's "Antal
-- heltidsanställningar" with rows for Män and Kvinnor), the total of a year
-- is the sum of the men's and the women's values, in outcomes and targets.
-- Rates and averages are medarbetare.total-within-gender-range's.

local SERIES = {
  { field = "outcomes", sv = "utfall", en = "outcome" },
  { field = "targets", sv = "målvärde", en = "target" },
}

-- A cell's number when it is one (a count is a number; bounds, directions,
-- texts and missing values are not summed).
local function number_of(cell)
  if not budget.has_value(cell) or budget.absent(cell.number) then return nil end
  return cell.number
end

-- A number as the document writes it: 1357 -> "1357", 12.5 -> "12,5".
local function shown(cell, x)
  if not budget.absent(cell.written) then return cell.written end
  if math.type(x) == "integer" then return string.format("%d", x) end
  return (string.gsub(string.format("%.6g", x), "%.", ","))
end

return {
  id = "medarbetare.gender-sum",
  title = {
    sv = "Totalen är summan av Män och Kvinnor för antal",
    en = "The total is the sum of men and women for counts",
  },
  severity = "error",
  source = {
    decision = "KS som arbetsgivare, i KF:s budgetbeslut (001 Budget 2019); DOMAIN.md regel 1 och 6",
    document = "001",
    quote = "Antal heltidsanställningar / Män / Kvinnor",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: för de obligatoriska medarbetarindikatorer som policypaketet anger som antal (measure.kind = "count", t.ex. Antal heltidsanställningar 2019) ska totalen för ett år vara summan av årets värden för Män och Kvinnor, i utfall och i målvärden. Bara tal jämförs; gränser (≥), riktningar, text och saknade värden jämförs inte.

Varför: ett antal personer eller tjänster delas på Män och Kvinnor; totalen är deras summa. En total som inte är summan är ett skriv- eller räknefel. Andelar och medelvärden prövas av medarbetare.total-within-gender-range.

Åtgärd: rätta totalen eller värdena för Män och Kvinnor så att de stämmer.

Exempel: Antal heltidsanställningar 2018 med totalen 100, Män 40 och Kvinnor 50 ger ett fel: 40 + 50 = 90.]],
    en = [[
What the rule checks: for the mandatory medarbetare indicators the policy pack marks as a count (measure.kind = "count", e.g. Antal heltidsanställningar 2019), the total of a year is the sum of that year's values for men and women, in outcomes and targets. Only numbers are compared; bounds (≥), directions, texts and missing values are not.

Why: a number of people or posts is split between men and women; the total is their sum. A total that is not the sum is a typing or arithmetic error. Rates and averages are checked by medarbetare.total-within-gender-range.

Fix: correct the total or the values for men and women so that they agree.

Example: Antal heltidsanställningar 2018 with a total of 100, men 40 and women 50 is an error: 40 + 50 = 90.]],
  },
  check = function(submission, policy, report)
    local mandatory = policy.mandatory_indicators
    if budget.absent(mandatory) then return end
    for _, wanted in ipairs(mandatory) do
      local kind = not budget.absent(wanted.measure) and wanted.measure.kind or nil
      local ind = kind == "count" and budget.find_indicator(submission, wanted) or nil
      local men = ind and budget.gender_row(ind, "men")
      local women = ind and budget.gender_row(ind, "women")
      if men and women then
        for _, s in ipairs(SERIES) do
          local totals = ind[s.field]
          if not budget.absent(totals) then
            local keys = {}
            for key in pairs(totals) do keys[#keys + 1] = key end
            table.sort(keys)
            for _, key in ipairs(keys) do
              local t_cell = totals[key]
              local m_cell = budget.value(men[s.field], tonumber(key))
              local w_cell = budget.value(women[s.field], tonumber(key))
              local t, m, w = number_of(t_cell), number_of(m_cell), number_of(w_cell)
              -- compared in millionths so that 12,5 + 7,5 = 20 is exact
              if t and m and w and math.floor(t * 1e6 + 0.5) ~= math.floor(m * 1e6 + 0.5) + math.floor(w * 1e6 + 0.5) then
                local tw, mw, ww = shown(t_cell, t), shown(m_cell, m), shown(w_cell, w)
                local sum = shown({}, m + w)
                report{
                  at = totals, key = key, year = math.tointeger(tonumber(key)),
                  expected = sum, actual = tw,
                  sv = string.format('Indikatorn "%s" %s (%s): totalen %s är inte summan av Män (%s) och Kvinnor '
                    .. "(%s), %s. Indikatorn är ett antal: totalen är männens och kvinnornas summa. Rätta totalen "
                    .. "eller värdena för Män och Kvinnor.", ind.name, key, s.sv, tw, mw, ww, sum),
                  en = string.format('The indicator "%s" %s (%s): the total %s is not the sum of men (%s) and women '
                    .. "(%s), %s. The indicator is a count: the total is the sum of men and women. Correct the "
                    .. "total or the values for men and women.", ind.name, key, s.en, tw, mw, ww, sum),
                }
              end
            end
          end
        end
      end
    end
  end,
}
