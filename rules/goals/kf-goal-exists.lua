-- Policy 7: every nämndmål links to a KF goal (kommunövergripande mål) of the
-- KF decision the submission answers, and names a målområde of that decision.
-- The goal sets differ by year and municipality: they are policy data
-- (policy.kf_goals, policy.goal_areas).

-- Nouns a goal area's own name may already hold ("Målområde Samhälle").
local AREA_NOUNS = { "målområde", "goal area" }

return {
  id = "goals.kf-goal-exists",
  title = {
    sv = "Nämndmålen är kopplade till KF:s mål",
    en = "Board goals link to KF goals",
  },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut (kommunövergripande mål), t.ex. KF 2023-06-13 § 222",
    document = "002",
    quote = "de kommunövergripande målen och övriga politiska styrdokument beslutar nämnderna om nämndmål",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: att varje nämndmål (goals) har minst ett kommunövergripande mål i
kf_goals, att varje sådant id finns bland KF:s mål i policypaketet för beslutet, och att
målets målområde (goal_area) finns i beslutet. Ett KF-mål hör till ett målområde: ett
nämndmål vars KF-mål alla hör till andra målområden än målets eget ger en varning.

Varför: "Utifrån inriktningen i budgeten, de kommunövergripande målen och övriga politiska
styrdokument beslutar nämnderna om nämndmål". Ett nämndmål som inte hör till något av KF:s
mål i det beslut budgeten svarar mot går inte att följa upp mot KF. Målen byts ut med varje
beslut: ett mål-id från budget 2023 finns inte i budget 2024.

Så rättar ni: använd id:t för KF-målet i policypaketet, t.ex.
"medarbetare.attraktiv-arbetsgivare" (Linköping 2024) eller "mal-6.tryggt-och-sakert"
(Norrköping). Listan över id:n finns i docs/policy-data.md.]],
    en = [[
What the rule checks: every board goal (goals) names at least one KF goal in kf_goals, each
of those ids is a KF goal in the policy pack of the decision, and the goal's goal area
(goal_area) exists in that decision. A KF goal belongs to one goal area: a board goal whose KF goals all belong to
other goal areas than its own gets a warning.

Why: "Based on the budget, the municipality-wide goals and other political documents the
boards decide on board goals". A board goal that belongs to none of KF's goals in the
decision the budget answers cannot be followed up against KF. The goals change with every
decision: a goal id from budget 2023 does not exist in budget 2024.

How to fix: use the id of the KF goal in the policy pack, e.g.
"medarbetare.attraktiv-arbetsgivare" (Linköping 2024) or "mal-6.tryggt-och-sakert"
(Norrköping). The ids are listed in docs/policy-data.md.]],
  },
  check = function(submission, policy, report)
    if budget.absent(submission.goals) then return end

    local kf_goals, areas, area_names = {}, {}, {}
    for _, g in ipairs(policy.kf_goals) do kf_goals[g.id] = g end
    for _, a in ipairs(policy.goal_areas) do
      areas[a.id] = a
      area_names[#area_names + 1] = a.id
    end

    -- The KF goal ids of one goal area, to suggest the right one in a message.
    local function ids_in_area(area_id)
      local ids = {}
      for _, g in ipairs(policy.kf_goals) do
        if g.goal_area == area_id then ids[#ids + 1] = g.id end
      end
      return table.concat(ids, ", ")
    end

    for _, goal in ipairs(submission.goals) do
      if areas[goal.goal_area] == nil then
        report{
          at = goal, key = "goal_area",
          sv = string.format('Nämndmålet "%s" har målområdet "%s", som inte finns i KF-beslutet. '
            .. "Målområdena är: %s.", goal.name, goal.goal_area, table.concat(area_names, ", ")),
          en = string.format('The board goal "%s" has the goal area "%s", which the KF decision does not have. '
            .. "The goal areas are: %s.", goal.name, goal.goal_area, table.concat(area_names, ", ")),
          -- expected and actual both, or neither: "–" for one of them would misstate the facts
          expected = table.concat(area_names, " / "), actual = goal.goal_area,
        }
      end

      if #goal.kf_goals == 0 then
        report{
          at = goal, key = "kf_goals",
          sv = string.format('Nämndmålet "%s" är inte kopplat till något kommunövergripande mål. '
            .. "Ange KF-målet det hör till%s.", goal.name,
            areas[goal.goal_area] and (", t.ex. något av: " .. ids_in_area(goal.goal_area)) or ""),
          en = string.format('The board goal "%s" is linked to no KF goal. Name the KF goal it belongs to%s.',
            goal.name, areas[goal.goal_area] and (", e.g. one of: " .. ids_in_area(goal.goal_area)) or ""),
        }
      end

      -- A KF goal belongs to one målområde: a goal none of whose KF goals is
      -- in its own area is linked to the wrong KF goal or filed in the wrong
      -- area. (A goal the document lists under KF goals of two areas, one of
      -- them its own, is not: Socialnämnden 2019's Lean goal.)
      local in_own_area = false
      for _, id in ipairs(goal.kf_goals) do
        if kf_goals[id] ~= nil and kf_goals[id].goal_area == goal.goal_area then in_own_area = true end
      end
      local area_reported = in_own_area or areas[goal.goal_area] == nil
      for i, id in ipairs(goal.kf_goals) do
        local kf = kf_goals[id]
        if kf ~= nil and not area_reported and areas[kf.goal_area] ~= nil then
          area_reported = true
          local own_sv = budget.called("målområdet", areas[goal.goal_area].name, AREA_NOUNS)
          local own_en = budget.called("the goal area", areas[goal.goal_area].name, AREA_NOUNS)
          local kf_sv = budget.called("målområdet", areas[kf.goal_area].name, AREA_NOUNS)
          local kf_en = budget.called("the goal area", areas[kf.goal_area].name, AREA_NOUNS)
          report{
            at = goal.kf_goals, key = i, severity = "warning",
            expected = kf.goal_area, actual = goal.goal_area,
            sv = string.format('Nämndmålet "%s" står i %s men hänvisar till KF-målet "%s", som hör till %s. '
              .. "Koppla målet till ett KF-mål i sitt eget målområde (%s), eller flytta det till %s.",
              goal.name, own_sv, kf.name, kf_sv, ids_in_area(goal.goal_area), kf_sv),
            en = string.format('The board goal "%s" is in %s but refers to the KF goal "%s", which belongs to %s. '
              .. "Link the goal to a KF goal of its own goal area (%s), or move it to %s.",
              goal.name, own_en, kf.name, kf_en, ids_in_area(goal.goal_area), kf_en),
          }
        end
        if kf == nil then
          -- "medarbetare.x": suggest the KF goals of the area the id starts with.
          local prefix = id:match("^([^.]+)%.") or goal.goal_area
          local hint_sv, hint_en, expected, actual = "", "", nil, nil
          if areas[prefix] then
            expected, actual = (string.gsub(ids_in_area(prefix), ", ", " / ")), id
            hint_sv = " KF:s mål i " .. budget.called("målområdet", areas[prefix].name, AREA_NOUNS)
              .. " är: " .. ids_in_area(prefix) .. "."
            hint_en = " KF's goals in " .. budget.called("the goal area", areas[prefix].name, AREA_NOUNS)
              .. " are: " .. ids_in_area(prefix) .. "."
          end
          report{
            at = goal.kf_goals, key = i,
            sv = string.format('Nämndmålet "%s" hänvisar till KF-målet "%s", som inte finns i KF-beslutet %s.%s',
              goal.name, id, policy.pack.kf_decision.date, hint_sv),
            en = string.format('The board goal "%s" refers to the KF goal "%s", which is not in the KF decision of %s.%s',
              goal.name, id, policy.pack.kf_decision.date, hint_en),
            expected = expected, actual = actual,
          }
        end
      end
    end
  end,
}
