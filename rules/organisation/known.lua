-- The submitting organisation must be one the policy pack knows. KF's frames
-- (operating and investment), the assignments given to one board, the equity
-- rules and the self-cost rules are policy data per organisation; for an
-- organisation the pack does not list, every one of those rules has nothing
-- to compare with and stays silent, so without this rule such a submission
-- would pass unchecked.

-- The pack's organisations as the message lists them: "vss" (Verksamhetsstöd
-- och service), in id order.
local function known_list(orgs)
  local ids = {}
  for id in pairs(orgs) do ids[#ids + 1] = id end
  table.sort(ids)
  local parts = {}
  for _, id in ipairs(ids) do
    local name = orgs[id].name
    if budget.absent(name) then
      parts[#parts + 1] = '"' .. id .. '"'
    else
      parts[#parts + 1] = string.format('"%s" (%s)', id, name)
    end
  end
  return table.concat(parts, ", "), ids
end

-- True when `name` is the pack entry's name or one of its aliases, as names
-- are compared.
local function names_org(org, name)
  local n = budget.normalise(name)
  if not budget.absent(org.name) and budget.normalise(org.name) == n then return true end
  if not budget.absent(org.aliases) then
    for _, alias in ipairs(org.aliases) do
      if budget.normalise(alias) == n then return true end
    end
  end
  return false
end

-- The id picks the pack's organisation, but the name is not one of its names.
-- Naming another organisation of the pack, the id is likely copied from its
-- file: an error, for the frames checked would be another board's. Naming
-- none, a warning to check the id. Both take: id, its name in the pack, the
-- pack, the submission's name, and the other organisation's id (or the name
-- in the pack again).
local CONFLICT = {
  other = {
    sv = 'Organisationens id "%s" är %s i policypaketet %s, men namnet "%s" är en annan organisation i '
      .. 'paketet (id "%s"). Budgeten kontrolleras mot ramarna för id:t; rätta id eller namn.',
    en = 'The organisation id "%s" is %s in the policy pack %s, but the name "%s" is another organisation '
      .. 'of the pack (id "%s"). The budget is checked against the id\'s frames; correct the id or the name.',
  },
  none = {
    severity = "warning",
    sv = 'Organisationens id "%s" är %s i policypaketet %s, men namnet "%s" är inte dess namn eller ett av '
      .. "dess alias. Kontrollera att id:t är rätt: budgeten prövas mot ramarna för %s.",
    en = 'The organisation id "%s" is %s in the policy pack %s, but the name "%s" is neither its name nor '
      .. "one of its aliases. Check that the id is right: the budget is checked against the frames of %s.",
  },
}
local function name_conflict(report, own, entry, orgs, pack)
  local other = nil
  for id, org in pairs(orgs) do
    if id ~= own.id and names_org(org, own.name) and (other == nil or id < other) then other = id end
  end
  local expected = entry.name or own.id
  local m = CONFLICT[other and "other" or "none"]
  report{
    at = own, key = "name", severity = m.severity, expected = expected, actual = own.name,
    sv = string.format(m.sv, own.id, expected, pack, own.name, other or expected),
    en = string.format(m.en, own.id, expected, pack, own.name, other or expected),
  }
end

return {
  id = "organisation.known",
  title = {
    sv = "Organisationen finns i policypaketet",
    en = "The organisation is in the policy pack",
  },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut: ramar och uppdrag per nämnd (policydata per beslut)",
    document = "DOMAIN.md",
    quote = "Frames per board and year are policy data.",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: att organisationen som lämnar budgeten (organisation.id, annars
organisation.name eller ett av paketets alias för den) finns bland organisationerna i
policypaketet för KF-beslutet. Namnet jämförs utan hänsyn till stora/små bokstäver,
mellanslag och en avslutande punkt.

Varför: KF:s driftram och investeringsram, de nämndspecifika uppdragen, reglerna för eget
kapital och självkostnad är beslutade per nämnd och står i policypaketet. För en
organisation som paketet inte känner till finns inget att jämföra med: de reglerna kan
inte kontrollera något, och budgeten skulle annars bli godkänd utan att ramarna har
prövats.

Åtgärd: skriv organisationens id som det står i policypaketet (meddelandet räknar upp
dem), eller be central ekonomi lägga till organisationen i paketet om den saknas där.

Exempel: VSS budget 2024 med organisation.id "vs" och namnet "Verksamhetsstödet" känns
inte igen i linkoping-2024, som bara känner "vss" (Verksamhetsstöd och service).

Kontrolleras också: att paketet gäller budgetens kommun (ett paket valt med --policy kan
vara en annan kommuns), och att ett känt id och namnet stämmer överens. Ett namn som är en annan
organisation i paketet är ett fel (budgeten skulle prövas mot id:ts ramar, en annan nämnds);
ett namn som inte är något av paketets namn eller alias för id:t är en varning.]],
    en = [[
What the rule checks: that the organisation submitting the budget (organisation.id, else
organisation.name or one of the pack's aliases for it) is one of the organisations in the
policy pack of the KF decision. The name is compared regardless of case, spacing and a
final full stop.

Why: KF's operating and investment frames, the assignments given to one board and the
equity and self-cost rules are decided per board and are in the policy pack. For an
organisation the pack does not know there is nothing to compare with: those rules cannot
check anything, and the budget would otherwise pass without its frames being tested.

Fix: write the organisation's id as the policy pack has it (the message lists them), or
ask central finance to add the organisation to the pack if it is missing there.

Example: VSS's budget 2024 with organisation.id "vs" and the name "Verksamhetsstödet" is
not recognised in linkoping-2024, which knows only "vss" (Verksamhetsstöd och service).

Also checked: that the pack is for the budget's municipality (a pack chosen with --policy can
be another municipality's), and that a known id and the name agree. A name that is another organisation of the
pack is an error (the budget would be checked against the id's frames, another board's); a
name that is none of the pack's names or aliases for the id is a warning.]],
  },
  check = function(submission, policy, report)
    -- A pack given with --policy can be another municipality's: its frames,
    -- goals and assignments are not this board's KF's.
    local pack = policy.pack
    if submission.municipality ~= pack.municipality then
      report{
        at = "/municipality", expected = pack.municipality, actual = submission.municipality,
        sv = string.format('Budgeten är från kommunen "%s" men kontrolleras mot policypaketet %s, som gäller "%s". '
          .. "Välj kommunens eget paket.", submission.municipality, pack.id, pack.municipality),
        en = string.format('The budget is from the municipality "%s" but is checked against the policy pack %s, '
          .. 'which is for "%s". Choose the municipality\'s own pack.', submission.municipality, pack.id,
          pack.municipality),
      }
    end
    local orgs = policy.organisations
    if budget.absent(orgs) or next(orgs) == nil then return end  -- a pack without per-board data
    local own = submission.organisation
    local entry, found_id = budget.organisation(submission, policy)
    if entry ~= nil then
      if found_id == own.id and not budget.absent(own.name) and not names_org(entry, own.name) then
        name_conflict(report, own, entry, orgs, pack.id)
      end
      return
    end
    local listed, ids = known_list(orgs)
    local pack_id = pack.id
    report{
      at = own, key = "id",
      sv = string.format('Organisationen "%s" (id "%s") finns inte i policypaketet %s, så KF:s ramar och de '
        .. "regler som gäller per nämnd (driftram, investeringsram, nämndspecifika uppdrag, eget kapital, "
        .. "självkostnad) kan inte kontrolleras. Paketet känner till %s. Skriv organisationens id som i "
        .. "paketet, eller be central ekonomi lägga till organisationen.", own.name, own.id, pack_id, listed),
      en = string.format('The organisation "%s" (id "%s") is not in the policy pack %s, so KF\'s frames and '
        .. "the rules decided per board (operating frame, investment frame, board-specific assignments, equity, "
        .. "self-cost) cannot be checked. The pack knows %s. Write the organisation's id as in the pack, or ask "
        .. "central finance to add the organisation.", own.name, own.id, pack_id, listed),
      expected = table.concat(ids, ", "), actual = own.id,
    }
  end,
}
