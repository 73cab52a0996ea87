-- Eget kapital: equity at year end may be at most the pack's percentage of
-- turnover (omsättning). Only for the organisations policy.equity.applies_to
-- lists. Compared exactly in whole kronor: equity × 100 ≤ percent × turnover.

-- The percentage as a fraction num/den of whole numbers (3 -> 3/1, 2.5 -> 25/10),
-- so the comparison stays exact.
local function as_fraction(pct)
  local num, den = pct, 1
  while math.tointeger(num) == nil and den < 10000 do
    num, den = num * 10, den * 10
  end
  return math.tointeger(num) or math.floor(num + 0.5), den
end

-- Turnover: the equity table's own row, else the total revenue the document
-- states for its business areas or its summary table.
local function turnover_series(submission)
  local eq = submission.equity
  if not budget.absent(eq.turnover) then return eq.turnover end
  local ba = submission.business_areas
  if not budget.absent(ba) and not budget.absent(ba.stated_total) and not budget.absent(ba.stated_total.revenue) then
    return ba.stated_total.revenue
  end
  local op = submission.operating
  if not budget.absent(op) and not budget.absent(op.summary) and not budget.absent(op.summary.stated_total)
      and not budget.absent(op.summary.stated_total.revenue) then
    return op.summary.stated_total.revenue
  end
  return nil
end

return {
  id = "equity.cap",
  title = { sv = "Eget kapital högst en andel av omsättningen", en = "Equity at most a share of turnover" },
  severity = "error",
  source = {
    decision = "KF/KS budgetdirektiv; 002 Budget 2024 (VSS)",
    document = "002",
    quote = "Det egna kapitalet får maximalt uppgå till 3 procent av förvaltningens omsättning.",
  },
  applies_to = { "revenue" },
  explain = {
    sv = [[
Gäller de intäktsfinansierade förvaltningar som policypaketet räknar upp under equity.applies_to (2024: VSS). För varje budget- och planår där både eget kapital och omsättning finns kontrolleras att det egna kapitalet är högst policypaketets procentsats (max_percent_of_turnover, 2024: 3 %) av omsättningen. Omsättningen är eget kapital-tabellens rad för omsättning, annars förvaltningens totala intäkter (summaraden för verksamhetsområdena). År med eget kapital men utan omsättning kan inte kontrolleras; de anges i en notering.

Varför: KF/KS: "Det egna kapitalet får maximalt uppgå till 3 procent av förvaltningens omsättning." Ett större eget kapital betyder att kunderna (nämnderna) har betalat mer än tjänsterna kostat.

Jämförelsen är exakt i hela kronor. I en tabell som skrivs grövre än sina data (mnkr med en decimal) kan det utskrivna egna kapitalet vara avrundat: ett överskridande inom en rads avrundningstolerans (policy.rounding_tolerance) ges som en notering som anger toleransen.

Om inlämningen inte redovisar eget kapital alls ges en notering: regeln kan då inte kontrolleras och controllern behöver hämta beloppet ur bokslutet.

Åtgärd: sänk priserna (intäkterna) eller planera att använda kapitalet, så att det ryms under taket.

Exempel: omsättning 632,3 mnkr ger ett tak på 18,969 mnkr; ett eget kapital på 20,0 mnkr ligger över taket.]],
    en = [[
For the revenue-funded administrations the policy pack lists under equity.applies_to (2024: VSS). For each budget and plan year where both equity and turnover are given, checks that equity is at most the pack's percentage (max_percent_of_turnover, 2024: 3 %) of turnover. Turnover is the equity table's turnover row, or else the administration's total revenue (the business areas' total line). Years with equity but no turnover cannot be checked; a notice names them.

Why: KF/KS: "Det egna kapitalet får maximalt uppgå till 3 procent av förvaltningens omsättning." Larger equity means the customers (the boards) paid more than the services cost.

The comparison is exact in whole kronor. In a table printed coarser than its data (mnkr with one decimal) the printed equity may be rounded: an excess inside one row's rounding allowance (policy.rounding_tolerance) is a notice that states the allowance.

If the submission does not report equity at all, a notice says so: the rule cannot be checked and the controller has to take the amount from the accounts.

Fix: lower prices (revenue) or plan to use the equity so that it fits under the cap.

Example: turnover 632.3 mnkr gives a cap of 18.969 mnkr; equity of 20.0 mnkr is above it.]],
  },
  check = function(submission, policy, report)
    local rules = policy.equity
    if budget.absent(rules) then return end
    local _, org_id = budget.organisation(submission, policy)
    if org_id == nil or not budget.contains(rules.applies_to, org_id) then return end
    local fmt = function(k) return budget.format_amount(k, submission) end
    local pct = rules.max_percent_of_turnover

    local eq = submission.equity
    if budget.absent(eq) or budget.absent(eq.amounts) then
      local at = "/equity"
      if budget.absent(eq) then at = "" end
      report{
        at = at, severity = "notice",
        sv = string.format("Eget kapital redovisas inte, så taket (högst %s %% av omsättningen) kan inte "
          .. "kontrolleras. Redovisa eget kapital och omsättning per år, eller hämta beloppen ur bokslutet.",
          tostring(pct)),
        en = string.format("Equity is not reported, so the cap (at most %s %% of turnover) cannot be "
          .. "checked. Report equity and turnover per year, or take the amounts from the accounts.",
          tostring(pct)),
      }
      return
    end

    local turnover = turnover_series(submission)
    local num, den = as_fraction(pct)
    local unchecked = {}  -- years with equity but no turnover: said, never a silent pass
    for _, year in ipairs(budget.years(submission)) do
      local equity = budget.value(eq.amounts, year)
      local t = budget.value(turnover, year)
      if equity ~= nil and t == nil then unchecked[#unchecked + 1] = year end
      if equity ~= nil and t ~= nil then
        -- equity × 100 × den > num × t  ⇔  equity > ⌊num × t / (100 × den)⌋
        -- for whole kronor, so the cap rounded down keeps the test exact.
        -- The printed equity is one published value; the turnover's own
        -- rounding moves the cap by only pct % of a row and is not counted.
        local cap = budget.mul(num, t) // budget.mul(100, den)
        local c = budget.compare(submission, policy, equity, cap, 1)
        if c.diff > 0 then
          local note_sv, note_en = budget.allowance_note(c)
          local severity, fix_sv, fix_en = nil,
            "Sänk priserna eller planera att använda kapitalet så att det ryms under taket.",
            "Lower prices or plan to use the equity so that it fits under the cap."
          if c.status == "rounding" then
            severity = "notice"
            fix_sv, fix_en = "Troligen avrundning; kontrollera beloppen.", "Probably rounding; check the amounts."
          end
          report{
            at = eq.amounts, key = budget.key(year), year = year, severity = severity,
            expected = "≤ " .. fmt(cap), actual = fmt(equity), difference = c.diff,
            sv = string.format("Eget kapital %d är %s, mer än taket %s %% av omsättningen %s (%s), %s för mycket%s. %s",
              year, fmt(equity), tostring(pct), fmt(t), fmt(cap), fmt(c.off), note_sv, fix_sv),
            en = string.format("Equity in %d is %s, more than the cap of %s %% of turnover %s (%s), %s too much%s. %s",
              year, fmt(equity), tostring(pct), fmt(t), fmt(cap), fmt(c.off), note_en, fix_en),
          }
        end
      end
    end
    if #unchecked > 0 then
      report{
        at = eq.amounts, key = budget.key(unchecked[1]), year = unchecked[1], severity = "notice",
        sv = string.format("Eget kapital redovisas för %s men omsättningen saknas (varken equity.turnover eller "
          .. "verksamhetsområdenas eller sammanfattningens summerade intäkter), så taket (högst %s %% av "
          .. "omsättningen) kan inte kontrolleras. Redovisa omsättningen per år.", budget.year_list(unchecked),
          tostring(pct)),
        en = string.format("Equity is reported for %s but the turnover is missing (neither equity.turnover nor "
          .. "the total revenue of the business areas or the summary), so the cap (at most %s %% of turnover) "
          .. "cannot be checked. Report the turnover per year.", budget.year_list(unchecked), tostring(pct)),
      }
    end
  end,
}
