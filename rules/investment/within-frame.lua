-- Net investments (utgifter − inkomster) must not exceed the investment frame
-- KF decided, in any budget or plan year. The frame comes from the policy
-- pack, never from the number the board typed. Rows marked `request: true`
-- (äskanden) are left out here: they need a KF decision and are reported by
-- investment.request-needs-decision.

return {
  id = "investment.within-frame",
  title = { sv = "Investeringar inom KF:s investeringsram", en = "Investments within KF's investment frame" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut (investeringsram per nämnd); 002 Budget 2024, 004 Budget 2023",
    document = "002",
    quote = "Investeringsram enligt beslut i KF",
  },
  explain = {
    sv = [[
Kontrollerar för budgetåret och varje planår att nämndens nettoinvesteringar (utgifter − inkomster) ryms inom investeringsramen som KF beslutat. Ramen hämtas ur policypaketet (organisationens investment_frame), inte ur den ram nämnden själv skriver i dokumentet; en omskriven ram som skiljer sig kontrolleras av investment.stated-frame.

Rader markerade som äskande (request: true) räknas inte in: de är förslag som kräver ett KF-beslut och redovisas av investment.request-needs-decision.

Varför: dokumenten anger "Investeringsram enligt beslut i KF" bredvid investeringarna. Investeringar över ramen får bara föreslås som ett uttryckligt äskande.

Åtgärd: minska investeringarna till ramen, eller flytta det som överstiger ramen till en egen rad markerad som äskande.

Exempel: Socialnämnden 2019 budgeterar 800 tkr per år "inom ram" medan ramen är cirka 400 tkr per år: 2019–2022 rapporteras.]],
    en = [[
Checks for the budget year and every plan year that the board's net investments (spending − income) fit within the investment frame KF decided. The frame is taken from the policy pack (the organisation's investment_frame), not from the frame the board writes in its document; a restated frame that differs is checked by investment.stated-frame.

Rows marked as a request (request: true) are not counted: they are proposals that need a KF decision and are reported by investment.request-needs-decision.

Why: the documents print "Investeringsram enligt beslut i KF" beside the investments. Investments above the frame may only be proposed as an explicit request.

Fix: reduce the investments to the frame, or move what exceeds it to a row of its own marked as a request.

Example: Socialnämnden 2019 budgets 800 tkr a year "within the frame" while the frame is about 400 tkr a year: 2019–2022 are reported.]],
  },
  check = function(submission, policy, report)
    local org = budget.organisation(submission, policy)
    local inv = submission.investments
    if org == nil or budget.absent(org.investment_frame) or budget.absent(inv) then return end
    local frame = org.investment_frame.amounts
    local approx_sv, approx_en = "", ""
    if org.investment_frame.approximate == true then
      approx_sv, approx_en = "cirka ", "about "
    end
    local fmt = function(k) return budget.format_amount(k, submission) end

    local counted, has_requests = {}, false
    for _, row in ipairs(inv.rows) do
      if row.request == true then has_requests = true else counted[#counted + 1] = row end
    end

    for _, year in ipairs(budget.years(submission)) do
      local limit = budget.value(frame, year)
      local net = budget.sum_rows(counted, "net", year)
      if limit ~= nil and net ~= nil and net > limit then
        -- point at the one row, or the stated total when it sums the same rows
        local at, key = inv.rows, nil
        if #counted == 1 then
          at, key = counted[1].net, budget.key(year)
        elseif not has_requests and not budget.absent(inv.stated_total)
            and budget.value(inv.stated_total.net, year) ~= nil then
          at, key = inv.stated_total.net, budget.key(year)
        end
        report{
          at = at, key = key, year = year,
          expected = "≤ " .. fmt(limit), actual = fmt(net),
          sv = string.format("Nettoinvesteringarna %d är %s, men KF:s investeringsram är %s%s, %s%s för mycket. "
            .. "Minska investeringarna till ramen eller redovisa det som överstiger ramen som ett äskande "
            .. "(request: true) som KF får ta ställning till.",
            year, fmt(net), approx_sv, fmt(limit), approx_sv, fmt(net - limit)),
          en = string.format("Net investments in %d are %s, but KF's investment frame is %s%s, %s%s too much. "
            .. "Reduce the investments to the frame or present what exceeds it as a request "
            .. "(request: true) for KF to decide on.",
            year, fmt(net), approx_en, fmt(limit), approx_en, fmt(net - limit)),
        }
      end
    end
  end,
}
