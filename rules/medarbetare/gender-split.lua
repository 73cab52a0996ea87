-- Policy 1, second half: where the KF/KS decision shows a mandatory indicator
-- with rows for Män and Kvinnor (gender_split in the policy pack), the
-- submission reports its outcomes for men and women too. Targets may be set
-- for the total only (VSS 2024 does so), so only outcomes are checked here.
-- A row printed with no values at all counts as missing (budget.gender_row).

-- Years (as keys) of the total's outcomes that the row for one gender lacks.
-- A cell marked missing (IU, X, blank, ...) in a row that has values
-- elsewhere is there: indicators.missing-outcome reports it as a notice. A
-- year whose total has no value (IU) has nothing to split: not lacking.
local function years_lacking(ind, row)
  local lacking = {}
  if budget.absent(ind.outcomes) then return lacking end
  for year, total in pairs(ind.outcomes) do
    if budget.has_value(total) and (budget.absent(row.outcomes) or budget.absent(row.outcomes[year])) then
      lacking[#lacking + 1] = year
    end
  end
  table.sort(lacking)
  return lacking
end

local GENDERS = {
  { field = "men", sv = "Män", en = "men" },
  { field = "women", sv = "Kvinnor", en = "women" },
}

return {
  id = "medarbetare.gender-split",
  title = {
    sv = "Könsuppdelade utfall för obligatoriska medarbetarindikatorer",
    en = "Outcomes split by gender for mandatory employee indicators",
  },
  severity = "error",
  source = {
    decision = "KS som arbetsgivare, i KF:s budgetbeslut (002 Budget 2024, 004 Budget 2023)",
    document = "002",
    quote = "* Total sjukfrånvaro, % 7,0 6,1* ≤6,5 ≤6,2 / Män 5,8 2,9* ≤5,5 ≤5,5 / Kvinnor 7,5 7,6* ≤7,0 ≤6,5",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: för varje obligatorisk medarbetarindikator som KS/KF-beslutet visar
uppdelad på Män och Kvinnor (gender_split i policypaketet) ska nämndens indikator ha raderna
Män och Kvinnor (men, women) med utfall för samma år som totalen har ett utfall (ett år då
totalen är IU har inget att dela upp). Målvärden får sättas bara för totalen, som VSS gör.

Varför: de obligatoriska indikatorerna ska redovisas i den form KS beslutat, och där
ingår uppdelningen på kön (i 002: "* Total sjukfrånvaro, %" med raderna "Män" och "Kvinnor").

En rad som dokumentet skriver ut utan ett enda värde (alla celler tomma, IU, X, ? eller –)
är ingen redovisning: den räknas som en rad som saknas. Fyndet blir detsamma oavsett om den
tomma raden har skrivits in eller inte.

Vad som inte är fel här: en rad Män/Kvinnor som har värden men där cellen för ett år är tom
eller IU. Den rapporteras som notering av indicators.missing-outcome. En indikator som
saknas helt rapporteras av medarbetare.mandatory-indicators.

Så rättar ni: lägg till "men" och "women" under indikatorn med utfall per år. Exempel:
Leanlink 2023 skriver ut raderna Män och Kvinnor under HME men utan värden; bara totalen
har värden (73, 72). Värdena per kön ska fyllas i.]],
    en = [[
What the rule checks: for every mandatory employee indicator the KS/KF decision shows split
into Män and Kvinnor (gender_split in the policy pack), the board's indicator has the rows
for men and women (men, women) with outcomes for the same years as the total has one (a
year whose total is IU has nothing to split). Targets may
be set for the total only, as VSS does.

Why: the mandatory indicators are to be reported in the form KS decided, which includes the
gender split (in 002: "* Total sjukfrånvaro, %" with the rows "Män" and "Kvinnor").

A row the document prints without a single value (every cell empty, IU, X, ? or –) is not
a report: it counts as a missing row. The finding is the same whether or not the empty row
was transcribed.

What is not an error here: a row for men or women that has values but an empty or IU cell
in some year. indicators.missing-outcome reports that as a notice. An indicator that is
missing altogether is reported by medarbetare.mandatory-indicators.

How to fix: add "men" and "women" under the indicator with outcomes per year. Example:
Leanlink 2023 prints the rows Män and Kvinnor under HME but with no values; only the total
has values (73, 72). The values per gender must be filled in.]],
  },
  check = function(submission, policy, report)
    local mandatory = policy.mandatory_indicators
    if budget.absent(mandatory) then return end

    for _, wanted in ipairs(mandatory) do
      local ind = wanted.gender_split and budget.find_indicator(submission, wanted) or nil
      if ind ~= nil then
        -- What is missing, gender by gender: the whole row (absent or printed
        -- without values), or some years. Reported rows go into `actual`.
        local sv_parts, en_parts, reported, unreported = {}, {}, {}, {}
        for _, g in ipairs(GENDERS) do
          local row = budget.gender_row(ind, g.field)
          if row == nil then
            unreported[#unreported + 1] = g
            sv_parts[#sv_parts + 1] = "raden " .. g.sv .. " saknas eller saknar värden"
            en_parts[#en_parts + 1] = "the row for " .. g.en .. " is missing or has no values"
          else
            local lacking = years_lacking(ind, row)
            -- a row without outcomes lacks them only where the total has one
            local total_has_one = false
            if not budget.absent(ind.outcomes) then
              for _, cell in pairs(ind.outcomes) do
                if budget.has_value(cell) then total_has_one = true break end
              end
            end
            if #lacking > 0 or (budget.absent(row.outcomes) and total_has_one) then
              local list = #lacking > 0 and table.concat(lacking, ", ") or "alla år"
              local list_en = #lacking > 0 and table.concat(lacking, ", ") or "every year"
              sv_parts[#sv_parts + 1] = g.sv .. " saknar utfall för " .. list
              en_parts[#en_parts + 1] = "the row for " .. g.en .. " has no outcome for " .. list_en
            else
              reported[#reported + 1] = g.sv
            end
          end
        end
        if #unreported == 2 then
          sv_parts = { "raderna Män och Kvinnor saknas eller saknar värden" }
          en_parts = { "the rows for men and women are missing or have no values" }
        end
        if #sv_parts > 0 then
          -- Point at the first printed-but-empty row, else at the indicator.
          local at = ind
          for _, g in ipairs(unreported) do
            if not budget.absent(ind[g.field]) then at = ind[g.field]; break end
          end
          report{
            at = at,
            sv = string.format('Indikatorn "%s" ska redovisas uppdelad på Män och Kvinnor, men %s. '
              .. "Fyll i utfallen för Män och Kvinnor (målvärden räcker för totalen).",
              ind.name, table.concat(sv_parts, "; ")),
            en = string.format('The indicator "%s" is to be reported for men and women, but %s. '
              .. "Fill in the outcomes for men and women (targets for the total are enough).",
              ind.name, table.concat(en_parts, "; ")),
            expected = "Män, Kvinnor",
            actual = #reported > 0 and table.concat(reported, ", ") or nil,
          }
        end
      end
    end
  end,
}
