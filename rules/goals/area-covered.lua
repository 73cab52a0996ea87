-- Policy 7: a målområde of the KF decision in which the board has no goal is
-- worth a notice. KF does not require a goal in every area, but the budget
-- committee should see which areas a board leaves out.

-- Nouns a goal area's own name may already hold ("Målområde Samhälle").
local AREA_NOUNS = { "målområde", "goal area" }

return {
  id = "goals.area-covered",
  title = {
    sv = "Målområden utan nämndmål",
    en = "Goal areas without board goals",
  },
  severity = "notice",
  source = {
    decision = "KF:s budgetbeslut (målområden), t.ex. KF 2023-06-13 § 222",
    document = "002",
    quote = "I kommunens budget fastställer kommunfullmäktige kommunövergripande mål inom fem målområden: "
      .. "samhälle, medborgare, ekonomi, verksamhet och medarbetare.",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: om något av KF-beslutets målområden (Linköping: Samhälle,
Medborgare, Ekonomi, Verksamhet, Medarbetare; Norrköping: fyra områden) saknar nämndmål. Ett
nämndmål räknas till sitt eget målområde och till målområdena för de KF-mål det är kopplat
till.

Varför en notering: KF fastställer mål inom alla målområden, men alla nämnder har inte
verksamhet som passar varje område (VSS 2024 och Leanlink 2023 har inga mål inom Samhälle).
Budgetberedningen bör ändå se vilka områden nämnden lämnar utan mål.

Så rättar ni: inget måste rättas. Överväg ett nämndmål inom området, eller förklara i en
kommentar varför nämnden inte har något.]],
    en = [[
What the rule checks: whether any of the KF decision's goal areas (Linköping: Samhälle,
Medborgare, Ekonomi, Verksamhet, Medarbetare; Norrköping: four areas) has no board goal. A
board goal counts for its own goal area and for the areas of the KF goals it links to.

Why a notice: KF sets goals in every area, but not every board has activities that fit each
area (VSS 2024 and Leanlink 2023 have no goals in Samhälle). The budget committee should
still see which areas a board leaves without goals.

How to fix: nothing must be fixed. Consider a board goal in the area, or explain in a note
why the board has none.]],
  },
  check = function(submission, policy, report)
    -- Goal areas the board's goals cover, directly or through their KF goals.
    local area_of_kf_goal, covered = {}, {}
    for _, g in ipairs(policy.kf_goals) do area_of_kf_goal[g.id] = g.goal_area end
    if not budget.absent(submission.goals) then
      for _, goal in ipairs(submission.goals) do
        covered[goal.goal_area] = true
        for _, id in ipairs(goal.kf_goals) do
          if area_of_kf_goal[id] then covered[area_of_kf_goal[id]] = true end
        end
      end
    end

    for _, area in ipairs(policy.goal_areas) do
      if not covered[area.id] then
        report{
          at = budget.absent(submission.goals) and "" or submission.goals,
          sv = string.format('Nämnden har inget nämndmål inom %s. Överväg ett mål där, '
            .. "eller förklara varför området inte berör nämnden.",
            budget.called("målområdet", area.name, AREA_NOUNS)),
          en = string.format("The board has no goal in %s. Consider one, or explain why "
            .. "the area does not concern the board.", budget.called("the goal area", area.name, AREA_NOUNS)),
        }
      end
    end
  end,
}
