-- The board may restate its investment frame in the document ("Investeringsram
-- enligt beslut i KF ..."). That number must be what KF decided, i.e. the
-- frame in the policy pack; a different number misquotes KF.

return {
  id = "investment.stated-frame",
  title = { sv = "Angiven investeringsram är KF:s", en = "Stated investment frame is KF's" },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut (investeringsram per nämnd); 002 Budget 2024, 004 Budget 2023",
    document = "002",
    quote = "Investeringsram enligt beslut i KF",
  },
  explain = {
    sv = [[
Om nämnden skriver ut sin investeringsram i dokumentet (investments.stated_frame) ska den för budgetåret och varje planår vara den ram som KF beslutat, alltså ramen i policypaketet.

Varför: dokumentet citerar KF:s beslut ("Investeringsram enligt beslut i KF"). En annan siffra ger läsaren fel bild av vad KF beslutat, och investeringarna kontrolleras ändå mot KF:s ram (investment.within-frame).

KF:s ram är exakt: i en tabell i hela tkr är 1 tkr fel ett fel. I en tabell som skrivs grövre än sina data (mnkr med en decimal) får den utskrivna ramen avvika med en rads avrundning (policy.rounding_tolerance); en sådan skillnad ges som en notering som anger toleransen.

Om policypaketets ram är ungefärlig (approximate: true, t.ex. "cirka 400 tkr") ges en varning i stället för ett fel.

Åtgärd: skriv KF:s ram. Vill nämnden ha en större ram är det ett äskande, inte en ny ram.

Exempel: VSS 2024 skriver 61 60 60 60 60 60 mnkr, samma som KF: inget fynd. Skriver nämnden 65,0 mnkr för 2025 rapporteras 2025.]],
    en = [[
If the board writes its investment frame in the document (investments.stated_frame), it must be the frame KF decided, i.e. the frame in the policy pack, for the budget year and every plan year.

Why: the document quotes KF's decision ("Investeringsram enligt beslut i KF"). A different number gives the reader a wrong picture of what KF decided, and investments are checked against KF's frame anyway (investment.within-frame).

KF's frame is exact: in a table in whole tkr, 1 tkr off is an error. In a table printed coarser than its data (mnkr with one decimal) the printed frame may be off by one row's rounding (policy.rounding_tolerance); such a difference is a notice that states the allowance.

If the pack's frame is approximate (approximate: true, e.g. "about 400 tkr") a warning is given instead of an error.

Fix: write KF's frame. If the board wants a larger frame, that is a request, not a new frame.

Example: VSS 2024 writes 61 60 60 60 60 60 mnkr, the same as KF: no finding. If it wrote 65.0 mnkr for 2025, 2025 would be reported.]],
  },
  check = function(submission, policy, report)
    local org = budget.organisation(submission, policy)
    local inv = submission.investments
    if org == nil or budget.absent(org.investment_frame) or budget.absent(inv)
        or budget.absent(inv.stated_frame) then return end
    local frame = org.investment_frame.amounts
    local approximate = org.investment_frame.approximate == true
    local fmt = function(k) return budget.format_amount(k, submission) end

    for _, year in ipairs(budget.years(submission)) do
      local kf = budget.value(frame, year)
      local stated = budget.value(inv.stated_frame.amounts, year)
      -- KF's frame is exact; the restated frame is one published value
      local c = (kf ~= nil and stated ~= nil) and budget.compare(submission, policy, stated, kf, 1) or nil
      if c ~= nil and c.status ~= "equal" then
        local severity = nil
        if approximate then severity = "warning" end
        local note_sv, note_en = budget.allowance_note(c)
        local fix_sv, fix_en = "Skriv KF:s ram; en större ram är ett äskande.", "Write KF's frame; a larger frame is a request."
        if c.status == "rounding" then
          severity = "notice"
          fix_sv, fix_en = "Troligen avrundning; kontrollera beloppet.", "Probably rounding; check the amount."
        end
        report{
          at = inv.stated_frame.amounts, key = budget.key(year), year = year, severity = severity,
          expected = fmt(kf), actual = fmt(stated), difference = c.diff,
          sv = string.format("Nämnden anger investeringsramen %d till %s, men KF:s beslut är %s%s, en skillnad på %s%s. %s",
            year, fmt(stated), approximate and "cirka " or "", fmt(kf), fmt(c.off), note_sv, fix_sv),
          en = string.format("The board states the investment frame for %d as %s, but KF decided %s%s, a difference of %s%s. %s",
            year, fmt(stated), approximate and "about " or "", fmt(kf), fmt(c.off), note_en, fix_en),
        }
      end
    end
  end,
}
