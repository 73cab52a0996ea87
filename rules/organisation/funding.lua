-- The submission's funding form (organisation.funding) must be the one the
-- policy pack records for the organisation. The engine chooses the rules a
-- submission gets by its declared funding (applies_to): an appropriation-funded
-- board that declares itself revenue-funded escapes its operating frame, and a
-- revenue-funded administration that declares appropriation escapes the
-- self-cost and equity rules. So a declared funding form that differs from the
-- pack's is an error of its own, never a silent skip.

local NAMES = {
  appropriation = { sv = "anslagsfinansierad", en = "appropriation-funded" },
  revenue = { sv = "intäktsfinansierad", en = "revenue-funded" },
}

-- The rules only a funding form gets (their applies_to), which a submission
-- declaring the other form escapes; for the message.
local ONLY_FOR = {
  appropriation = { sv = "budget inom KF:s driftram", en = "the budget within KF's operating frame" },
  revenue = { sv = "självkostnad (nollresultat, resultatutjämning) och eget kapital",
              en = "self-cost (zero result, offsetting) and equity" },
}

local function name_of(funding, lang)
  local n = NAMES[funding]
  return n and n[lang] or funding
end

return {
  id = "organisation.funding",
  title = {
    sv = "Finansieringsformen är den som KF beslutat",
    en = "The funding form is the one KF decided",
  },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och förvaltningsinstruktioner (finansieringsform per nämnd, policydata)",
    document = "002",
    quote = "Förvaltningen är intäktsfinansierad och i enlighet med förvaltningsinstruktionen förväntas verksamhetsområdena bära sina egna kostnader på årsbasis",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: att finansieringsformen som inlämningen anger (organisation.funding,
"appropriation" = anslagsfinansierad, "revenue" = intäktsfinansierad) är densamma som
policypaketet anger för organisationen (organisations.<id>.funding, med källa i
funding_source).

Varför: vilka regler en budget prövas mot beror på finansieringsformen. En anslagsfinansierad
nämnd prövas mot KF:s driftram; en intäktsfinansierad förvaltning mot självkostnadsprincipen
(nollresultat per verksamhetsområde) och taket för eget kapital. En nämnd som anger fel form
skulle slippa de regler som gäller den, och budgeten kunde bli godkänd utan att ha prövats.

Åtgärd: skriv den finansieringsform som policypaketet anger. Om paketet har fel form är det
central ekonomi som rättar paketet.

Exempel: VSS (intäktsfinansierad enligt 002, "Förvaltningen är intäktsfinansierad") som anger
"appropriation" får ett fel här.]],
    en = [[
What the rule checks: that the funding form the submission declares (organisation.funding,
"appropriation" or "revenue") is the one the policy pack records for the organisation
(organisations.<id>.funding, with its source in funding_source).

Why: which rules a budget is checked against depends on its funding form. An
appropriation-funded board is checked against KF's operating frame; a revenue-funded
administration against the self-cost principle (zero result per business area) and the
equity cap. A board that declares the wrong form would escape the rules that apply to it,
and its budget could pass without having been checked.

Fix: write the funding form the policy pack gives. If the pack is wrong, central finance
corrects the pack.

Example: VSS (revenue-funded by 002, "Förvaltningen är intäktsfinansierad") declaring
"appropriation" gets an error here.]],
  },
  check = function(submission, policy, report)
    local org, id = budget.organisation(submission, policy)
    if org == nil or budget.absent(org.funding) then return end  -- organisation.known reports an unknown one
    local own = submission.organisation.funding
    if own == org.funding then return end
    local quote_sv, quote_en = "", ""
    if not budget.absent(org.funding_source) and not budget.absent(org.funding_source.quote) then
      quote_sv = string.format(' (källa: "%s")', org.funding_source.quote)
      quote_en = string.format(' (source: "%s")', org.funding_source.quote)
    end
    local skipped = ONLY_FOR[org.funding]
    report{
      at = submission.organisation, key = "funding",
      expected = org.funding, actual = own,
      sv = string.format('Organisationen anges som %s ("%s"), men policypaketet %s anger %s som %s ("%s")%s. '
        .. "Med fel finansieringsform prövas budgeten inte mot de regler som gäller den (%s). "
        .. 'Skriv "%s".', name_of(own, "sv"), own, policy.pack.id, id, name_of(org.funding, "sv"), org.funding,
        quote_sv, skipped and skipped.sv or "", org.funding),
      en = string.format('The organisation is declared %s ("%s"), but the policy pack %s records %s as %s ("%s")%s. '
        .. "With the wrong funding form the budget is not checked against the rules that apply to it (%s). "
        .. 'Write "%s".', name_of(own, "en"), own, policy.pack.id, id, name_of(org.funding, "en"), org.funding,
        quote_en, skipped and skipped.en or "", org.funding),
    }
  end,
}
