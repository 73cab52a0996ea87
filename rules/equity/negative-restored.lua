-- Negative equity must be budgeted back to at least zero within the pack's
-- number of years (002: "inom en tvåårsperiod"). Only for the organisations
-- policy.equity.applies_to lists. Earlier columns count: equity that was
-- negative in last year's budget has to be restored counting from then.

return {
  id = "equity.negative-restored",
  title = { sv = "Negativt eget kapital återställs i tid", en = "Negative equity restored in time" },
  severity = "error",
  source = {
    decision = "KF/KS budgetdirektiv; 002 Budget 2024 (VSS)",
    document = "002",
    quote = "Återställning av negativt kapital ska ske inom en tvåårsperiod om inget annat beslutas av kommunstyrelsen.",
  },
  applies_to = { "revenue" },
  explain = {
    sv = [[
Gäller de intäktsfinansierade förvaltningar som policypaketet räknar upp under equity.applies_to (2024: VSS). När eget kapital är negativt ett år måste det vara återställt till minst 0 senast efter policypaketets antal år (negative_restoration_years, 2024: 2 år). Tidigare års kolumner (utfall, budget) räknas med: var kapitalet negativt i bokslutet 2023 ska det vara minst 0 senast 2025.

Varför: KF/KS: "Återställning av negativt kapital ska ske inom en tvåårsperiod om inget annat beslutas av kommunstyrelsen."

Regeln säger inget om inlämningen saknar belopp för eget kapital (equity.cap ger då en notering).

Åtgärd: budgetera ett överskott som återställer kapitalet i tid, eller hänvisa till ett beslut i kommunstyrelsen om annat.

Exempel: eget kapital −2,0 mnkr 2024, −1,0 mnkr 2025 och −0,5 mnkr 2026: två år efter 2024 är kapitalet fortfarande negativt, så 2026 rapporteras.]],
    en = [[
For the revenue-funded administrations the policy pack lists under equity.applies_to (2024: VSS). When equity is negative in a year, it must be back to at least 0 after at most the pack's number of years (negative_restoration_years, 2024: 2 years). Earlier columns (outcome, budget) count: equity negative at the end of 2023 must be at least 0 by 2025.

Why: KF/KS: "Återställning av negativt kapital ska ske inom en tvåårsperiod om inget annat beslutas av kommunstyrelsen."

The rule says nothing when the submission gives no equity amounts (equity.cap gives a notice then).

Fix: budget a surplus that restores the equity in time, or refer to a decision by the municipal executive board (kommunstyrelsen) that says otherwise.

Example: equity −2.0 mnkr in 2024, −1.0 mnkr in 2025 and −0.5 mnkr in 2026: two years after 2024 equity is still negative, so 2026 is reported.]],
  },
  check = function(submission, policy, report)
    local rules = policy.equity
    if budget.absent(rules) then return end
    local _, org_id = budget.organisation(submission, policy)
    if org_id == nil or not budget.contains(rules.applies_to, org_id) then return end
    local eq = submission.equity
    if budget.absent(eq) or budget.absent(eq.amounts) then return end
    local fmt = function(k) return budget.format_amount(k, submission) end
    local allowed = rules.negative_restoration_years

    local earlier = nil
    if not budget.absent(eq.earlier) then earlier = eq.earlier.amounts end
    -- equity in any year, from the budget/plan columns or the earlier ones
    local function equity_in(year)
      local v = budget.value(eq.amounts, year)
      if v == nil then v = budget.value(earlier, year) end
      return v
    end

    local reported_run = nil
    for _, year in ipairs(budget.years(submission)) do
      local v = budget.value(eq.amounts, year)
      if v ~= nil and v < 0 then
        -- the first year of this run of negative years
        local since = year
        while equity_in(since - 1) ~= nil and equity_in(since - 1) < 0 do since = since - 1 end
        -- report once per run: in the first year the allowed period is over
        if year - since >= allowed and reported_run ~= since then
          reported_run = since
          report{
            at = eq.amounts, key = budget.key(year), year = year,
            expected = "≥ " .. fmt(0), actual = fmt(v), difference = v,
            sv = string.format("Eget kapital är negativt %d (%s) och har varit negativt sedan %d. Negativt "
              .. "eget kapital ska återställas inom %d år. Budgetera ett överskott som återställer "
              .. "kapitalet till minst 0, eller hänvisa till ett beslut i kommunstyrelsen.",
              year, fmt(v), since, allowed),
            en = string.format("Equity is negative in %d (%s) and has been negative since %d. Negative "
              .. "equity must be restored within %d years. Budget a surplus that brings it back to at "
              .. "least 0, or refer to a decision by the municipal executive board.",
              year, fmt(v), since, allowed),
          }
        end
      end
    end
  end,
}
