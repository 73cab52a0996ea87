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

KF:s ram är exakt, och investeringar i hela tkr är exakta: 1 tkr över ramen är ett fel. I en tabell som skrivs grövre än sina data (mnkr med en decimal) kan raderna vara avrundade; ett överskridande inom tabellens avrundningstolerans (policy.rounding_tolerance, per rad) ges som en notering som anger toleransen.

Rader markerade som äskande (request: true) räknas inte in: de är förslag som kräver ett KF-beslut och redovisas av investment.request-needs-decision.

Varför: dokumenten anger "Investeringsram enligt beslut i KF" bredvid investeringarna. Investeringar över ramen får bara föreslås som ett uttryckligt äskande.

Saknas investeringstabellen helt blir det en varning: KF har beslutat en ram, och utan tabellen kan den inte prövas (en nämnd utan investeringar skriver en rad med 0). Har tabellen inga rader för ett år men en summarad, prövas summaraden mot ramen.

Åtgärd: minska investeringarna till ramen, eller flytta det som överstiger ramen till en egen rad markerad som äskande.

Exempel: Socialnämnden 2019 budgeterar 800 tkr per år "inom ram" medan ramen är cirka 400 tkr per år: 2019–2022 rapporteras.]],
    en = [[
Checks for the budget year and every plan year that the board's net investments (spending − income) fit within the investment frame KF decided. The frame is taken from the policy pack (the organisation's investment_frame), not from the frame the board writes in its document; a restated frame that differs is checked by investment.stated-frame.

KF's frame is exact, and so are investments in whole tkr: 1 tkr above the frame is an error. In a table printed coarser than its data (mnkr with one decimal) the rows may be rounded; an excess inside the table's rounding allowance (policy.rounding_tolerance, per row) is a notice that states the allowance.

Rows marked as a request (request: true) are not counted: they are proposals that need a KF decision and are reported by investment.request-needs-decision.

Why: the documents print "Investeringsram enligt beslut i KF" beside the investments. Investments above the frame may only be proposed as an explicit request.

A missing investment table is a warning: KF decided a frame, and without the table it cannot be tested (a board without investments writes a row of 0). A table with no rows for a year but a stated total has its stated total tested against the frame.

Fix: reduce the investments to the frame, or move what exceeds it to a row of its own marked as a request.

Example: Socialnämnden 2019 budgets 800 tkr a year "within the frame" while the frame is about 400 tkr a year: 2019–2022 are reported.]],
  },
  check = function(submission, policy, report)
    local org = budget.organisation(submission, policy)
    local inv = submission.investments
    if org == nil or budget.absent(org.investment_frame) then return end
    -- KF decided a frame, so the board has an investment plan to show: a
    -- missing one is said, never a silent pass.
    if budget.absent(inv) then
      report{
        at = "", severity = "warning",
        sv = "Investeringarna (investments) saknas, så det går inte att se att de ryms i KF:s investeringsram. "
          .. "Lägg till investeringstabellen; skriv en rad med 0 om nämnden inte investerar.",
        en = "The investments (investments) are missing, so it cannot be seen that they fit KF's investment "
          .. "frame. Add the investment table; write a row of 0 if the board makes no investments.",
      }
      return
    end
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
      local net, n = budget.sum_rows(counted, "net", year)
      -- No row gives the year (an empty table): the stated total is then the
      -- board's net investment, never a silent pass. With requests it may
      -- include them, so it is not used then.
      local from_total = false
      if net == nil and not has_requests and not budget.absent(inv.stated_total) then
        net = budget.value(inv.stated_total.net, year)
        if net ~= nil then n, from_total = 1, true end
      end
      -- the frame use the overview shows: this sum, not a second one in a reporter
      if net ~= nil then
        report.figure{ id = "investment.frame", year = year, amount = net, limit = limit }
      end
      -- KF's frame is exact; the n published rows may carry the table's rounding
      local c = (limit ~= nil and net ~= nil) and budget.compare(submission, policy, net, limit, n) or nil
      if c ~= nil and c.diff > 0 then
        -- point at the one row, or the stated total when it sums the same rows
        local at, key = inv.rows, nil
        if from_total then
          at, key = inv.stated_total.net, budget.key(year)
        elseif #counted == 1 then
          at, key = counted[1].net, budget.key(year)
        elseif not has_requests and not budget.absent(inv.stated_total)
            and budget.value(inv.stated_total.net, year) ~= nil then
          at, key = inv.stated_total.net, budget.key(year)
        end
        local note_sv, note_en = budget.allowance_note(c)
        local severity, sv, en
        if c.status == "rounding" then
          severity = "notice"
          sv = string.format("Nettoinvesteringarna %d är %s, %s över KF:s investeringsram %s%s%s. Troligen "
            .. "avrundning; kontrollera att investeringarna ryms i ramen.",
            year, fmt(net), fmt(c.off), approx_sv, fmt(limit), note_sv)
          en = string.format("Net investments in %d are %s, %s above KF's investment frame %s%s%s. Probably "
            .. "rounding; check that the investments fit the frame.",
            year, fmt(net), fmt(c.off), approx_en, fmt(limit), note_en)
        else
          sv = string.format("Nettoinvesteringarna %d är %s, men KF:s investeringsram är %s%s, %s%s för mycket%s. "
            .. "Minska investeringarna till ramen eller redovisa det som överstiger ramen som ett äskande "
            .. "(request: true) som KF får ta ställning till.",
            year, fmt(net), approx_sv, fmt(limit), approx_sv, fmt(c.off), note_sv)
          en = string.format("Net investments in %d are %s, but KF's investment frame is %s%s, %s%s too much%s. "
            .. "Reduce the investments to the frame or present what exceeds it as a request "
            .. "(request: true) for KF to decide on.",
            year, fmt(net), approx_en, fmt(limit), approx_en, fmt(c.off), note_en)
        end
        report{
          at = at, key = key, year = year, severity = severity,
          expected = "≤ " .. fmt(limit), actual = fmt(net), difference = c.diff, sv = sv, en = en,
        }
      end
    end
  end,
}
