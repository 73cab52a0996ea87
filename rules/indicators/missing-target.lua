-- Policy 8: a target (målvärde) written IU, X, ?, – or left blank is a missing
-- value, not a target. In the budget year or the first plan year that is a
-- warning; in a later plan year a notice.
--
-- Scope: the budget year and first plan year of the mandatory medarbetare
-- indicators belong to medarbetare.mandatory-indicators (an error there), so
-- they are not reported twice here.

return {
  id = "indicators.missing-target",
  title = {
    sv = "Indikatorer saknar målvärde",
    en = "Indicators without a target",
  },
  severity = "warning",
  source = {
    decision = "KF:s budgetdirektiv: nämndindikatorer med målvärde per budget- och planår",
    document = "001",
    quote = "Målvärde / 2019 / Målvärde / 2020 / Målvärde / 2021",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: varje indikators målvärden (målvärde, önskvärd riktning/värde) för
budgetåret och planåren. IU, X, ?, – eller en tom cell är inget målvärde.

- Budgetåret och första planåret: varning. Ett målvärde som saknas eller är IU/X/?/–/tomt
  gör att målet inte kan följas upp det år budgeten gäller.
- Senare planår: notering. Där är ett "?" ofta rimligt (Socialnämnden 2019 skriver "?" för
  2021–2022 om hushåll med försörjningsstöd och SIP). Ett senare planår som dokumentet inte
  har någon kolumn för alls (Leanlink 2023 visar bara 2023 och 2024) rapporteras inte.

Varför varning och inte fel: KF-beslutet gör bara de obligatoriska medarbetarindikatorerna
tvingande (de kontrolleras av medarbetare.mandatory-indicators, som fel, och rapporteras inte
två gånger här för budgetåret och första planåret). För nämndens egna indikatorer är ett
saknat målvärde en brist i underlaget som budgetberedningen behöver se, men inget brott mot
ett KF-beslut. Målvärden för Män/Kvinnor krävs inte (mål får sättas för totalen).

Så rättar ni: skriv ett tal ("88 %"), en gräns ("≥4,0"), en riktning ("Öka") eller en text
("Inga signifikanta skillnader").]],
    en = [[
What the rule checks: every indicator's targets (målvärde, desired direction/value) for the
budget year and the plan years. IU, X, ?, – or an empty cell is not a target.

- Budget year and first plan year: warning. A target that is absent or IU/X/?/–/empty means
  the goal cannot be followed up in the years the budget is for.
- Later plan years: notice. A "?" is often reasonable there (Socialnämnden 2019 writes "?"
  for 2021–2022 for households on income support and SIP). A later plan year the document
  has no column for at all (Leanlink 2023 shows only 2023 and 2024) is not reported.

Why warning and not error: the KF decision makes only the mandatory employee indicators
compulsory (checked as errors by medarbetare.mandatory-indicators, and not reported twice
here for the budget year and first plan year). For the board's own indicators a missing
target is a gap the budget committee needs to see, but no breach of a KF decision. Targets
for men/women are not required (targets may be set for the total).

How to fix: write a number ("88 %"), a bound ("≥4,0"), a direction ("Öka") or a text
("Inga signifikanta skillnader").]],
  },
  check = function(submission, policy, report)
    if budget.absent(submission.indicators) then return end
    local years = budget.years(submission)

    -- Ids of the indicators medarbetare.mandatory-indicators checks.
    local mandatory = {}
    if not budget.absent(policy.mandatory_indicators) then
      for _, wanted in ipairs(policy.mandatory_indicators) do
        local ind = budget.find_indicator(submission, wanted)
        if ind ~= nil then mandatory[ind.id] = true end
      end
    end

    for _, ind in ipairs(submission.indicators) do
      -- Two groups: budget year + first plan year (warning), later plan years (notice).
      local early, late = {}, {}
      for i, year in ipairs(years) do
        local cell = budget.value(ind.targets, year)
        if i <= 2 then
          if not mandatory[ind.id] and (cell == nil or budget.is_missing(cell)) then early[#early + 1] = year end
        elseif budget.is_missing(cell) then
          late[#late + 1] = year
        end
      end

      for _, group in ipairs({ { years = early, severity = "warning" }, { years = late, severity = "notice" } }) do
        if #group.years > 0 then
          local sv_parts, en_parts = {}, {}
          for _, year in ipairs(group.years) do
            local sv_shown, en_shown = budget.written(budget.value(ind.targets, year))
            sv_parts[#sv_parts + 1] = string.format("%d: %s", year, sv_shown)
            en_parts[#en_parts + 1] = string.format("%d: %s", year, en_shown)
          end
          local first = group.years[1]
          local cell = budget.value(ind.targets, first)
          local sv_why = group.severity == "warning"
            and "Utan målvärde för budgetåret och första planåret kan målet inte följas upp; ange ett målvärde."
            or "Ange ett målvärde när det är känt."
          local en_why = group.severity == "warning"
            and "Without a target for the budget year and first plan year the goal cannot be followed up; give one."
            or "Give a target once it is known."
          report{
            at = cell ~= nil and ind.targets or ind,
            key = cell ~= nil and budget.key(first) or "targets",
            year = first,
            severity = group.severity,
            sv = string.format('Indikatorn "%s" saknar målvärde (%s). %s',
              ind.name, table.concat(sv_parts, ", "), sv_why),
            en = string.format('The indicator "%s" has no target (%s). %s',
              ind.name, table.concat(en_parts, ", "), en_why),
          }
        end
      end
    end
  end,
}
