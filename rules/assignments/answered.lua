-- Policy 11: every strategic development assignment (strategiskt
-- utvecklingsuppdrag) in the KF decision that applies to this organisation
-- has an answer in the submission. The assignments are policy data
-- (policy.strategic_assignments); "all" means every board.

local function applies(assignment, org_id)
  if assignment.applies_to == "all" then return true end
  return type(assignment.applies_to) == "table" and budget.contains(assignment.applies_to, org_id)
end

-- The submission's entry for a KF assignment: by KF's number, else by its text.
local function find(submission, assignment)
  local listed = submission.assignments
  if budget.absent(listed) then return nil end
  if not budget.absent(assignment.number) then
    for _, a in ipairs(listed) do
      if a.number == assignment.number then return a end
    end
  end
  local wanted = budget.normalise(assignment.text)
  for _, a in ipairs(listed) do
    if not budget.absent(a.text) and budget.normalise(a.text) == wanted then return a end
  end
  return nil
end

-- Answers that only say there is none, beyond the markers for a missing
-- value (budget.says_nothing: –, IU, X, ?), compared as names are.
local NO_ANSWER = {
  ["ej besvarat"] = true, ["inte besvarat"] = true, ["ej besvarad"] = true, ["obesvarat"] = true,
  ["svar saknas"] = true, ["kommer senare"] = true, ["tbd"] = true, ["not answered"] = true,
}

-- True when `answer` holds an answer: text that is not blank and not only a
-- marker for a missing one.
local function answered(answer)
  if budget.absent(answer) or budget.says_nothing(answer) then return false end
  return not NO_ANSWER[budget.normalise(answer)]
end

-- "(12) Sysselsättningskrav i upphandlingar", or just the title when unnumbered.
local function name_of(assignment)
  if budget.absent(assignment.number) then return '"' .. assignment.title .. '"' end
  return string.format('(%d) "%s"', assignment.number, assignment.title)
end

return {
  id = "assignments.answered",
  title = {
    sv = "KF:s strategiska utvecklingsuppdrag är besvarade",
    en = "KF's strategic development assignments are answered",
  },
  severity = "warning",
  source = {
    decision = "KF:s budgetbeslut: strategiska utvecklingsuppdrag (kommungemensamma och nämndspecifika)",
    document = "001",
    quote = "Samtliga nämnder ges i uppdrag att vidta åtgärder för att tillvarata digitaliseringens möjligheter.",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: att varje strategiskt utvecklingsuppdrag i KF-beslutet som gäller
nämnden (kommungemensamma uppdrag till alla nämnder, och nämndspecifika uppdrag till just
denna) finns i budgeten med ett svar ("answer"). Uppdraget känns igen på KF:s nummer, t.ex.
(12), och annars på uppdragets text (stora/små bokstäver och mellanslag spelar ingen roll).
Ett svar som bara är ett tecken för att uppgift saknas (–, IU, X, ?) eller "ej besvarat"
räknas inte som svar.

Varför: KF ger uppdragen till nämnderna i budgetbeslutet, och nämnden ska i sin budget
redovisa hur den arbetar med dem, som Socialnämnden 2019 gör för vart och ett av sina åtta.

Varför varning och inte fel: ett obesvarat uppdrag bryter inte mot en ram eller ett
beslutat belopp; det är en brist i underlaget som budgetberedningen ska se och begära
in. VSS 2024 och Leanlink 2023 räknar upp sina uppdrag utan att besvara dem och får därför
en varning per uppdrag. Vill KF göra svaren tvingande kan policypaketet höja graden
(severity_overrides) med en motivering.

Så rättar ni: skriv under varje uppdrag hur nämnden genomför det, i fältet "answer". Ange
uppdragets nummer ("number") när KF numrerar uppdragen.]],
    en = [[
What the rule checks: every strategic development assignment of the KF decision that applies
to the board (common assignments to all boards, and board-specific ones to this board) is in
the budget with an answer ("answer"). An assignment is recognised by KF's number, e.g. (12),
and otherwise by its text (case and spacing ignored). An answer that is only a marker for a
missing value (–, IU, X, ?) or "ej besvarat" does not count as an answer.

Why: KF gives the boards these assignments in the budget decision, and the board's budget is
to say how it works on them, as Socialnämnden 2019 does for each of its eight.

Why warning and not error: an unanswered assignment does not breach a frame or a decided
amount; it is a gap in the material that the budget committee must see and ask for. VSS 2024
and Leanlink 2023 list their assignments without answering them and therefore get one
warning per assignment. If KF wants answers to be compulsory, the policy pack can raise the
severity (severity_overrides) with a reason.

How to fix: write under each assignment how the board carries it out, in "answer". Give the
assignment's number ("number") when KF numbers them.]],
  },
  check = function(submission, policy, report)
    local assignments = policy.strategic_assignments
    if budget.absent(assignments) then return end
    local _, org_id = budget.organisation(submission, policy)
    org_id = org_id or submission.organisation.id

    for _, assignment in ipairs(assignments) do
      if applies(assignment, org_id) then
        local entry = find(submission, assignment)
        if entry == nil then
          report{
            at = budget.absent(submission.assignments) and "" or submission.assignments,
            sv = string.format("KF:s uppdrag %s saknas i budgeten och är inte besvarat. Lägg till uppdraget "
              .. "med nämndens svar: %s", name_of(assignment), assignment.text),
            en = string.format("KF's assignment %s is missing from the budget and not answered. Add it with "
              .. "the board's answer: %s", name_of(assignment), assignment.text),
            expected = assignment.id,
          }
        elseif not answered(entry.answer) then
          report{
            at = entry,
            sv = string.format("KF:s uppdrag %s står i budgeten men är inte besvarat. Skriv hur nämnden "
              .. "genomför uppdraget.", name_of(assignment)),
            en = string.format("KF's assignment %s is listed in the budget but not answered. Write how the "
              .. "board carries it out.", name_of(assignment)),
          }
        end
      end
    end
  end,
}
