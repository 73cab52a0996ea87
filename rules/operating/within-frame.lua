-- An appropriation-funded board's proposal "inom ram" must add up to the
-- operating frame KF decided (the frame in the policy pack), year by year.
-- Requests for more money ("förslag till förändrad ram") are a separate
-- section and are not counted here.

return {
  id = "operating.within-frame",
  title = { sv = "Budget inom ram summerar till KF:s ram", en = "Budget within the frame adds up to KF's frame" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut och budgetdirektiv (driftram per nämnd); 001 Budget 2019",
    document = "001",
    quote = "Summa nämndens förslag till budget inom ram 464 532 460 620 465 669 465 669",
  },
  applies_to = { "appropriation" },
  explain = {
    sv = [[
Gäller anslagsfinansierade nämnder. För budgetåret och varje planår ska raderna i nämndens förslag till budget inom ram (operating.within_frame) summera till den driftram KF beslutat, alltså ramen i policypaketet (organisationens operating_frame). KF:s ram är exakt, och en tabell i hela tkr är exakt: 1 tkr fel är ett fel. Bara en tabell som skrivs grövre än sina data (mnkr med en decimal) är avrundad; dess tolerans per rad står i policypaketet (policy.rounding_tolerance), och en skillnad inom toleransen ges som en notering som anger skillnaden och toleransen.

Över ramen är ett fel: nämnden budgeterar mer än KF gett. Under ramen är också ett fel: förslaget ska summera till ramen (001), och en del av ramen som inte är fördelad på någon rad syns inte för budgetberedningen; skriv den som en egen rad (t.ex. "Ofördelat") om nämnden vill hålla den ofördelad. Äskanden om mer pengar hör hemma i avsnittet förändrad ram (frame_changes), som inte räknas här.

Saknas tabellen över budget inom ram helt ges en varning, eftersom ramen då inte kan kontrolleras.

Åtgärd: fördela exakt ramen på raderna; flytta det som överstiger ramen till förslag till förändrad ram.

Exempel: Socialnämnden 2019: raderna summerar till 464 532 tkr 2019, samma som ramen: inget fynd.]],
    en = [[
For appropriation-funded boards. For the budget year and every plan year, the rows of the board's proposal within the frame (operating.within_frame) must add up to the operating frame KF decided, i.e. the frame in the policy pack (the organisation's operating_frame). KF's frame is exact, and so is a table in whole tkr: 1 tkr off is an error. Only a table printed coarser than its data (mnkr with one decimal) is rounded; its per-row allowance is in the policy pack (policy.rounding_tolerance), and a difference inside it is a notice that states the difference and the allowance.

Above the frame is an error: the board budgets more than KF gave. Below the frame is an error too: the proposal must add up to the frame (001), and a part of the frame allocated to no row is invisible to the budget committee; write it as a row of its own (e.g. "Ofördelat") if the board keeps it unallocated. Requests for more money belong in the changed-frame section (frame_changes), which is not counted here.

If the table of the budget within the frame is missing altogether, a warning says so, since the frame cannot be checked.

Fix: allocate exactly the frame to the rows; move what exceeds it to the proposal for a changed frame.

Example: Socialnämnden 2019: the rows add up to 464 532 tkr in 2019, the same as the frame: no finding.]],
  },
  check = function(submission, policy, report)
    local org = budget.organisation(submission, policy)
    if org == nil or budget.absent(org.operating_frame) then return end
    local frame = org.operating_frame.amounts
    local fmt = function(k) return budget.format_amount(k, submission) end
    local op = submission.operating
    local wf = nil
    if not budget.absent(op) then wf = op.within_frame end

    if budget.absent(wf) then
      local at = "/operating"
      if budget.absent(op) then at = "" end
      report{
        at = at, severity = "warning",
        sv = "Nämndens förslag till budget inom ram (driftsammandraget) saknas, så det går inte att se att "
          .. "budgeten ryms i KF:s driftram. Lägg till tabellen operating.within_frame.",
        en = "The board's proposal within the frame (the operating summary) is missing, so it cannot be "
          .. "seen that the budget fits KF's operating frame. Add the table operating.within_frame.",
      }
      return
    end

    for _, year in ipairs(budget.years(submission)) do
      local limit = budget.value(frame, year)
      local total, n = budget.sum_rows(wf.rows, "amounts", year)
      -- a table without rows allocates nothing: 0, never a silent pass
      if total == nil and #wf.rows == 0 then total = 0 end
      -- the frame use the overview shows: this sum, not a second one in a reporter
      if total ~= nil then
        report.figure{ id = "operating.frame", year = year, amount = total, limit = limit }
      end
      -- KF's frame is exact; only the rows may carry the table's rounding
      local c = (limit ~= nil and total ~= nil) and budget.compare(submission, policy, total, limit, n) or nil
      if c ~= nil and c.status ~= "equal" then
        local at, key = wf.rows, nil
        if not budget.absent(wf.stated_total) and budget.value(wf.stated_total.amounts, year) ~= nil then
          at, key = wf.stated_total.amounts, budget.key(year)
        end
        local over = c.diff > 0
        local note_sv, note_en = budget.allowance_note(c)
        local severity = nil  -- over or under the frame: the rule's error
        local sv, en
        if c.status == "rounding" then
          severity = "notice"
          sv = string.format("Budgeten inom ram %d summerar till %s, %s %s KF:s driftram %s%s. Troligen avrundning "
            .. "i tabellen; kontrollera att raderna är exakt ramen.", year, fmt(total), fmt(c.off),
            over and "över" or "under", fmt(limit), note_sv)
          en = string.format("The budget within the frame for %d adds up to %s, %s %s KF's operating frame %s%s. "
            .. "Probably rounding in the table; check that the rows are exactly the frame.", year, fmt(total),
            fmt(c.off), over and "above" or "below", fmt(limit), note_en)
        elseif over then
          sv = string.format("Budgeten inom ram %d summerar till %s, %s över KF:s driftram %s%s. "
            .. "Minska raderna till ramen och lägg det som överstiger den i förslaget till förändrad ram.",
            year, fmt(total), fmt(c.off), fmt(limit), note_sv)
          en = string.format("The budget within the frame for %d adds up to %s, %s above KF's "
            .. "operating frame %s%s. Reduce the rows to the frame and put what exceeds it in the proposal "
            .. "for a changed frame.", year, fmt(total), fmt(c.off), fmt(limit), note_en)
        else
          sv = string.format("Budgeten inom ram %d summerar till %s, %s under KF:s driftram %s%s. "
            .. "Fördela hela ramen på raderna (det som inte fördelas som en egen rad, t.ex. \"Ofördelat\").", year, fmt(total), fmt(c.off), fmt(limit), note_sv)
          en = string.format("The budget within the frame for %d adds up to %s, %s below KF's operating "
            .. "frame %s%s. Allocate the whole frame to the rows (what is not allocated as a row of its own, e.g. \"Ofördelat\").", year, fmt(total), fmt(c.off), fmt(limit), note_en)
        end
        report{
          at = at, key = key, year = year, severity = severity,
          expected = fmt(limit), actual = fmt(total), difference = c.diff, sv = sv, en = en,
        }
      end
    end
  end,
}
