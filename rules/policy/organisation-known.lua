-- The policy pack of the KF decision knows the submitting organisation. The
-- frame, equity and self-cost rules look the organisation up in
-- policy.organisations and skip silently when it is not there: without this
-- rule a board the pack does not know (a wrong organisation id, or a template
-- for one board filled in as another) passed with none of KF's frames checked.

return {
  id = "policy.organisation-known",
  title = { sv = "Organisationen finns i KF-beslutets policypaket", en = "The organisation is in the KF decision's policy pack" },
  severity = "warning",
  source = {
    decision = "KF:s budgetbeslut (driftram och investeringsram per nämnd); 002 Budget 2024, 004 Budget 2023",
    document = "002",
    quote = "Investeringsram enligt beslut i KF",
  },
  explain = {
    sv = [[
Kontrollerar att policypaketet för KF-beslutet känner organisationen som lämnar budgeten: organisation.id, eller organisation.name som namn eller alias i paketets organisations. KF:s driftram och investeringsram, taket för eget kapital och reglerna för självkostnad gäller per organisation och hämtas därifrån.

Varför: de reglerna hoppar över en organisation som paketet inte känner. Utan den här kontrollen blir en sådan budget godkänd utan att någon ram har kontrollerats, t.ex. när organisationens id är felskrivet eller när en nämnd fyllt i en mall som gjordes för en annan nämnd.

Åtgärd: rätta organisation.id (och namnet) så att de stämmer med policypaketet, eller lägg in organisationen med sina ramar i policypaketet (docs/policy-data.md).

Exempel: VSS budget 2024 med organisation.id "leanlink" ger en varning: paketet linkoping-2024 känner bara "vss".]],
    en = [[
Checks that the policy pack of the KF decision knows the organisation that submits the budget: organisation.id, or organisation.name as a name or alias in the pack's organisations. KF's operating and investment frames, the equity cap and the self-cost rules apply per organisation and are taken from there.

Why: those rules skip an organisation the pack does not know. Without this check such a budget passes with no frame checked, e.g. when the organisation id is mistyped or a board filled in a template made for another board.

Fix: correct organisation.id (and the name) to match the policy pack, or add the organisation with its frames to the policy pack (docs/policy-data.md).

Example: VSS's budget 2024 with organisation.id "leanlink" gives a warning: the pack linkoping-2024 knows only "vss".]],
  },
  check = function(submission, policy, report)
    local orgs = policy.organisations
    if budget.absent(orgs) then return end  -- a pack without organisations has no per-board rules to miss
    if budget.organisation(submission, policy) ~= nil then return end
    local own = submission.organisation
    local known = {}
    for id in pairs(orgs) do known[#known + 1] = id end
    table.sort(known)
    local list = table.concat(known, ", ")
    local pack = policy.pack.id
    report{
      at = own, key = "id",
      expected = list, actual = own.id,
      sv = string.format("Policypaketet %s känner inte organisationen \"%s\" (%s), så KF:s ramar och regler per "
        .. "organisation kontrolleras inte. Paketet känner: %s. Rätta organisation.id eller lägg in organisationen "
        .. "i policypaketet.", pack, own.id, own.name, list),
      en = string.format("The policy pack %s does not know the organisation \"%s\" (%s), so KF's frames and "
        .. "per-organisation rules are not checked. The pack knows: %s. Correct organisation.id or add the "
        .. "organisation to the policy pack.", pack, own.id, own.name, list),
    }
  end,
}
