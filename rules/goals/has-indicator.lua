-- Policy 7: every nämndmål is measured by at least one indicator. A goal
-- counts as measured when it lists an indicator that exists in the
-- submission, or when an indicator names the goal in its own `goals`.

return {
  id = "goals.has-indicator",
  title = {
    sv = "Varje nämndmål har minst en indikator",
    en = "Every board goal has at least one indicator",
  },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och kommunens reglemente (nämndmål följs upp med nämndindikatorer)",
    document = "002",
    quote = "Utifrån nämndmålen ska förvaltningschef fastställa nämndindikatorer",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: att varje nämndmål har minst en indikator som finns i
inlämningen, antingen listad i målets "indicators" eller genom att indikatorn anger målet i
sitt "goals". Ett id i målets lista som inte finns bland indikatorerna rapporteras som
varning (en hänvisning som inte går att följa), liksom ett mål-id i en indikators "goals" som
inte finns bland målen (ett borttaget mål eller ett felstavat id). Ett id som två mål eller två
indikatorer har ger också en varning: hänvisningar till det är tvetydiga.

Varför: "Utifrån nämndmålen ska förvaltningschef fastställa nämndindikatorer". Målen följs
upp genom indikatorernas målvärden och utfall; ett mål utan indikator går inte att följa
upp, och nämnden kan inte visa att det uppnås. Därför är det fel och inte bara en varning.

Så rättar ni: lägg till minst en indikator med målvärden för målet, och ange dess id i
målets "indicators". Exempel: VSS mål "En robust förvaltning" mäts med "Alla enheter har
kontinuitetsplaner (%)".]],
    en = [[
What the rule checks: every board goal has at least one indicator that exists in the
submission, either listed in the goal's "indicators" or because the indicator names the goal
in its "goals". An id in the goal's list that is not among the indicators is reported as a
warning (a reference that cannot be followed), and so is a goal id in an indicator's "goals"
that is not among the goals (a goal left out, or a misspelt id). An id two goals or two indicators
share is a warning too: references to it are ambiguous.

Why: "Based on the board goals the head of administration shall set board indicators". Goals
are followed up through the indicators' targets and outcomes; a goal without an indicator
cannot be followed up, and the board cannot show it is achieved. That is why this is an
error and not just a warning.

How to fix: add at least one indicator with targets for the goal and list its id in the
goal's "indicators". Example: VSS's goal "En robust förvaltning" is measured by "Alla
enheter har kontinuitetsplaner (%)".]],
  },
  check = function(submission, _, report)
    if budget.absent(submission.goals) then return end

    -- Indicator ids, and the goals each indicator says it measures.
    local indicator_ids, measured = {}, {}
    if not budget.absent(submission.indicators) then
      for _, ind in ipairs(submission.indicators) do
        if indicator_ids[ind.id] then
          report{
            at = ind, key = "id", severity = "warning",
            sv = string.format('Indikatorn "%s" har id "%s", som en annan indikator redan har. Ge varje indikator '
              .. "ett eget id.", ind.name, ind.id),
            en = string.format('The indicator "%s" has the id "%s", which another indicator already has. Give each '
              .. "indicator an id of its own.", ind.name, ind.id),
          }
        end
        indicator_ids[ind.id] = true
        for _, goal_id in ipairs(ind.goals) do measured[goal_id] = true end
      end
    end

    -- An indicator that names a goal the submission does not have measures
    -- nothing: a goal left out, or a misspelt id (the same as a goal naming
    -- an indicator that is not there, below).
    local goal_ids = {}
    for _, goal in ipairs(submission.goals) do
      if goal_ids[goal.id] then
        -- the same id twice: a copied goal, and references to it are ambiguous
        report{
          at = goal, key = "id", severity = "warning",
          sv = string.format('Nämndmålet "%s" har id "%s", som ett annat mål redan har. Ge varje mål ett eget id.',
            goal.name, goal.id),
          en = string.format('The board goal "%s" has the id "%s", which another goal already has. Give each goal '
            .. "an id of its own.", goal.name, goal.id),
        }
      end
      goal_ids[goal.id] = true
    end
    if not budget.absent(submission.indicators) then
      for _, ind in ipairs(submission.indicators) do
        for i, goal_id in ipairs(ind.goals) do
          if not goal_ids[goal_id] then
            report{
              at = ind.goals, key = i, severity = "warning",
              sv = string.format('Indikatorn "%s" hänvisar till nämndmålet "%s", som inte finns bland målen. '
                .. "Rätta id:t eller lägg till målet.", ind.name, goal_id),
              en = string.format('The indicator "%s" refers to the board goal "%s", which is not among the goals. '
                .. "Correct the id or add the goal.", ind.name, goal_id),
            }
          end
        end
      end
    end

    for _, goal in ipairs(submission.goals) do
      local has_one = measured[goal.id] == true
      for i, id in ipairs(goal.indicators) do
        if indicator_ids[id] then
          has_one = true
        else
          report{
            at = goal.indicators, key = i,
            severity = "warning",
            sv = string.format('Nämndmålet "%s" hänvisar till indikatorn "%s", som inte finns bland '
              .. "indikatorerna. Rätta id:t eller lägg till indikatorn.", goal.name, id),
            en = string.format('The board goal "%s" refers to the indicator "%s", which is not among the '
              .. "indicators. Correct the id or add the indicator.", goal.name, id),
          }
        end
      end
      if not has_one then
        report{
          at = goal, key = "indicators",
          sv = string.format('Nämndmålet "%s" har ingen indikator. Ett mål måste mätas med minst en '
            .. "indikator med målvärden för att kunna följas upp.", goal.name),
          en = string.format('The board goal "%s" has no indicator. A goal needs at least one indicator '
            .. "with targets to be followed up.", goal.name),
        }
      end
    end
  end,
}
