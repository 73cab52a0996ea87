-- Policy 1, second half: where the KF/KS decision shows a mandatory indicator
-- with rows for Män and Kvinnor (gender_split in the policy pack), the
-- submission reports its outcomes for men and women too. Targets may be set
-- for the total only (VSS 2024 does so), so only outcomes are checked here.

-- Years (as keys) of the total's outcomes that the row for one gender lacks.
-- A cell marked missing (IU, X, blank, ...) is there: the document prints the
-- row, and indicators.missing-outcome reports the empty cell as a notice.
local function years_lacking(ind, row)
  local lacking = {}
  for year in pairs(ind.outcomes) do
    if budget.absent(row.outcomes) or budget.absent(row.outcomes[year]) then
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
Män och Kvinnor (men, women) med utfall för samma år som totalen. Målvärden får sättas bara
för totalen, som VSS gör.

Varför: de obligatoriska indikatorerna ska redovisas i den form KS beslutat, och där
ingår uppdelningen på kön (i 002: "* Total sjukfrånvaro, %" med raderna "Män" och "Kvinnor").

Vad som inte är fel här: en rad Män/Kvinnor som finns men där cellen är tom eller IU. Den
rapporteras som notering av indicators.missing-outcome. En indikator som saknas helt
rapporteras av medarbetare.mandatory-indicators.

Så rättar ni: lägg till "men" och "women" under indikatorn med utfall per år. Exempel:
Leanlink 2023 skriver HME bara som totalt (73, 72) trots att mallen har raderna Män och
Kvinnor; värdena per kön ska fyllas i.]],
    en = [[
What the rule checks: for every mandatory employee indicator the KS/KF decision shows split
into Män and Kvinnor (gender_split in the policy pack), the board's indicator has the rows
for men and women (men, women) with outcomes for the same years as the total. Targets may
be set for the total only, as VSS does.

Why: the mandatory indicators are to be reported in the form KS decided, which includes the
gender split (in 002: "* Total sjukfrånvaro, %" with the rows "Män" and "Kvinnor").

What is not an error here: a row for men or women that is present but has an empty or IU
cell. indicators.missing-outcome reports that as a notice. An indicator that is missing
altogether is reported by medarbetare.mandatory-indicators.

How to fix: add "men" and "women" under the indicator with outcomes per year. Example:
Leanlink 2023 gives HME only as a total (73, 72) although the template has rows for men and
women; the values per gender must be filled in.]],
  },
  check = function(submission, policy, report)
    local mandatory = policy.mandatory_indicators
    if budget.absent(mandatory) then return end

    for _, wanted in ipairs(mandatory) do
      local ind = wanted.gender_split and budget.find_indicator(submission, wanted) or nil
      if ind ~= nil then
        -- What is missing, gender by gender: the whole row, or some years.
        local sv_parts, en_parts = {}, {}
        for _, g in ipairs(GENDERS) do
          local row = ind[g.field]
          if budget.absent(row) then
            sv_parts[#sv_parts + 1] = "raden " .. g.sv .. " saknas"
            en_parts[#en_parts + 1] = "the row for " .. g.en .. " is missing"
          else
            local lacking = years_lacking(ind, row)
            if #lacking > 0 or budget.absent(row.outcomes) then
              local list = #lacking > 0 and table.concat(lacking, ", ") or "alla år"
              local list_en = #lacking > 0 and table.concat(lacking, ", ") or "every year"
              sv_parts[#sv_parts + 1] = g.sv .. " saknar utfall för " .. list
              en_parts[#en_parts + 1] = "the row for " .. g.en .. " has no outcome for " .. list_en
            end
          end
        end
        if budget.absent(ind.men) and budget.absent(ind.women) then
          sv_parts = { "raderna Män och Kvinnor saknas" }
          en_parts = { "the rows for men and women are missing" }
        end
        if #sv_parts > 0 then
          report{
            at = ind,
            sv = string.format('Indikatorn "%s" ska redovisas uppdelad på Män och Kvinnor, men %s. '
              .. "Fyll i utfallen för Män och Kvinnor (målvärden räcker för totalen).",
              ind.name, table.concat(sv_parts, "; ")),
            en = string.format('The indicator "%s" is to be reported for men and women, but %s. '
              .. "Fill in the outcomes for men and women (targets for the total are enough).",
              ind.name, table.concat(en_parts, "; ")),
            expected = "Män, Kvinnor",
          }
        end
      end
    end
  end,
}
