-- Policy 1: every mandatory medarbetare indicator of the KF/KS decision is in
-- the submission, with target values for the budget year and the first plan
-- year. The list of indicators is policy data (policy.mandatory_indicators).

return {
  id = "medarbetare.mandatory-indicators",
  title = {
    sv = "Obligatoriska medarbetarindikatorer finns med målvärden",
    en = "Mandatory employee indicators are present with target values",
  },
  severity = "error",
  source = {
    decision = "KS som arbetsgivare, i KF:s budgetbeslut (002 Budget 2024, 004 Budget 2023)",
    document = "002",
    quote = "Nämndindikatorerna inom målområde medarbetare som är markerade (*) nedan är obligatoriska, "
      .. "dessa ska utgöra nämndindikatorer hos samtliga nämnder/förvaltningar.",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: att varje obligatorisk indikator inom målområde Medarbetare
(markerad med * i KS/KF-beslutet) finns bland nämndens indikatorer, och att den har
målvärden för budgetåret och det första planåret.

Varför: "Nämndindikatorerna inom målområde medarbetare som är markerade (*) nedan är
obligatoriska, dessa ska utgöra nämndindikatorer hos samtliga nämnder/förvaltningar."
Vilka indikatorerna är står i policypaketet för KF-beslutet (mandatory_indicators) och
skiljer sig mellan åren.

Hur indikatorn hittas: på fältet policy_id, annars på namnet eller ett av de andra namnen
i policypaketet (stora/små bokstäver och mellanslag spelar ingen roll). Ett policy_id som
paketet inte har, eller som två indikatorer anger, ger en varning: då läses fel indikator.

Saknade värden (IU, X, ?, –, tom cell) för budgetåret eller första planåret är fel här.
Senare planår och utfall rapporteras som noteringar av indicators.missing-target och
indicators.missing-outcome.

Så rättar ni: lägg till indikatorn med policy_id och fyll i målvärden. Exempel: VSS 2024
har "Total sjukfrånvaro, %" med ≤6,5 för 2024 och ≤6,2 för 2025.]],
    en = [[
What the rule checks: every mandatory indicator of the Medarbetare (employees) goal area,
marked * in the KS/KF decision, is among the board's indicators, with target values for
the budget year and the first plan year.

Why: "The board indicators of goal area medarbetare marked (*) are mandatory and shall be
board indicators of every board/administration." The list is in the policy pack of the
KF decision (mandatory_indicators) and differs between years.

How an indicator is found: by its policy_id, otherwise by its name or one of the pack's
aliases (case and spacing ignored). A policy_id the pack
does not have, or one two indicators give, is a warning: the wrong indicator would be read.

Missing values (IU, X, ?, –, empty cell) in the budget year or first plan year are errors
here. Later plan years and outcomes are reported as notices by indicators.missing-target
and indicators.missing-outcome.

How to fix: add the indicator with its policy_id and fill in the targets. Example: VSS
2024 has "Total sjukfrånvaro, %" with ≤6.5 for 2024 and ≤6.2 for 2025.]],
  },
  check = function(submission, policy, report)
    local mandatory = policy.mandatory_indicators
    if budget.absent(mandatory) then return end
    local years = budget.years(submission)
    local required = { years[1], years[2] }   -- budget year and first plan year
    -- What this rule requires, published once: the report's indicator grid
    -- marks these years (and no others) as required, never recomputing them.
    local count = 0
    for _ in ipairs(mandatory) do count = count + 1 end
    if count == 0 then return end
    for _, year in ipairs(required) do
      report.figure{ id = "medarbetare.required-targets", year = year, amount = count }
    end

    -- An indicator's policy_id names the mandatory indicator it reports. An id
    -- the pack does not have, or one two indicators claim, makes this rule read
    -- the wrong indicator (budget.find_indicator takes the first): a warning.
    if not budget.absent(submission.indicators) then
      local known, ids, first = {}, {}, {}
      for _, w in ipairs(mandatory) do
        known[w.id] = w
        ids[#ids + 1] = w.id
      end
      for _, ind in ipairs(submission.indicators) do
        local pid = ind.policy_id
        if not budget.absent(pid) then
          if known[pid] == nil then
            report{
              at = ind, key = "policy_id", severity = "warning",
              expected = table.concat(ids, ", "), actual = pid,
              sv = string.format('Indikatorn "%s" har policy_id "%s", som inte är en obligatorisk indikator i '
                .. "policypaketet %s. Rätta id:t eller ta bort det.", ind.name, pid, policy.pack.id),
              en = string.format('The indicator "%s" has the policy_id "%s", which is not a mandatory indicator in '
                .. "the policy pack %s. Correct the id or remove it.", ind.name, pid, policy.pack.id),
            }
          elseif first[pid] ~= nil then
            report{
              at = ind, key = "policy_id", severity = "warning",
              sv = string.format('Indikatorerna "%s" och "%s" har båda policy_id "%s" (%s); kontrollen läser bara '
                .. "den första. Rätta id:t på den som inte är %s.", first[pid].name, ind.name, pid,
                known[pid].name, known[pid].name),
              en = string.format('The indicators "%s" and "%s" both have the policy_id "%s" (%s); the check reads '
                .. "only the first. Correct the id of the one that is not %s.", first[pid].name, ind.name, pid,
                known[pid].name, known[pid].name),
            }
          else
            first[pid] = ind
          end
        end
      end
    end

    for _, wanted in ipairs(mandatory) do
      local ind = budget.find_indicator(submission, wanted)
      if ind == nil then
        report{
          at = budget.absent(submission.indicators) and "" or submission.indicators,
          sv = string.format('Den obligatoriska indikatorn "%s" saknas. KS/KF kräver att den finns '
            .. "hos alla nämnder och förvaltningar, med målvärden för %d och %d. Lägg till den "
            .. '(policy_id "%s").', wanted.name, required[1], required[2], wanted.id),
          en = string.format('The mandatory indicator "%s" is missing. KS/KF require it of every '
            .. "board and administration, with targets for %d and %d. Add it (policy_id \"%s\").",
            wanted.name, required[1], required[2], wanted.id),
          expected = wanted.name,
        }
      else
        -- Each year without a value, written as in the document: "2019: tom cell".
        local missing, sv_parts, en_parts = {}, {}, {}
        for _, year in ipairs(required) do
          local cell = budget.value(ind.targets, year)
          if not budget.has_value(cell) then
            local sv_shown, en_shown = budget.written(cell)
            missing[#missing + 1] = year
            sv_parts[#sv_parts + 1] = string.format("%d: %s", year, sv_shown)
            en_parts[#en_parts + 1] = string.format("%d: %s", year, en_shown)
          end
        end
        if #missing > 0 then
          local first = missing[1]
          local cell = budget.value(ind.targets, first)
          report{
            at = cell ~= nil and ind.targets or ind,
            key = cell ~= nil and budget.key(first) or "targets",
            year = first,
            sv = string.format('Den obligatoriska indikatorn "%s" saknar målvärde (%s). '
              .. "KS/KF kräver målvärden för budgetåret och första planåret; fyll i dem.",
              ind.name, table.concat(sv_parts, ", ")),
            en = string.format('The mandatory indicator "%s" has no target (%s). '
              .. "KS/KF require targets for the budget year and the first plan year; fill them in.",
              ind.name, table.concat(en_parts, ", ")),
          }
        end
      end
    end
  end,
}
