-- An investment row marked as a request (äskande, request: true) asks for
-- money above KF's frame. It is not an error, but it cannot be part of the
-- budget until KF decides: the controller must bring it to the budget
-- committee.

return {
  id = "investment.request-needs-decision",
  title = { sv = "Investeringsäskande kräver KF-beslut", en = "Investment request needs a KF decision" },
  severity = "warning",
  source = {
    decision = "KF:s budgetbeslut (investeringsram per nämnd); 002 Budget 2024, 004 Budget 2023",
    document = "002",
    quote = "Investeringsram enligt beslut i KF",
  },
  explain = {
    sv = [[
Redovisar varje investeringsrad som är markerad som äskande (request: true): investeringar utöver KF:s investeringsram som nämnden begär. En varning per rad och år med belopp.

Varför: investeringar över ramen är tillåtna bara som ett uttryckligt äskande, och ett äskande är inte beslutat förrän KF har tagit ställning. Raden räknas därför inte in i investment.within-frame.

Åtgärd: controllern tar med äskandet till budgetberedningen. Nämnden ska motivera det i dokumentet.

Exempel: en rad "Utökad IT-utrustning" med 5,0 mnkr 2025 och request: true ger en varning för 2025.]],
    en = [[
Reports every investment row marked as a request (request: true): investments above KF's investment frame that the board asks for. One warning per row and year, with the amount.

Why: investments above the frame are allowed only as an explicit request, and a request is not decided until KF has taken a position. The row is therefore not counted by investment.within-frame.

Fix: the controller brings the request to the budget committee. The board should justify it in the document.

Example: a row "More IT equipment" with 5.0 mnkr in 2025 and request: true gives a warning for 2025.]],
  },
  check = function(submission, policy, report)
    local inv = submission.investments
    if budget.absent(inv) then return end
    local fmt = function(k) return budget.format_amount(k, submission) end
    for _, row in ipairs(inv.rows) do
      if row.request == true then
        for _, year in ipairs(budget.years(submission)) do
          local net = budget.value(row.net, year)
          if net ~= nil and net ~= 0 then
            report{
              at = row.net, key = budget.key(year), year = year,
              sv = string.format("Investeringsäskandet \"%s\" %d på %s ligger utöver KF:s investeringsram "
                .. "och kräver ett beslut i KF innan det kan ingå i budgeten.", row.name, year, fmt(net)),
              en = string.format("The investment request \"%s\" for %d of %s is above KF's investment frame "
                .. "and needs a KF decision before it can be part of the budget.", row.name, year, fmt(net)),
            }
          end
        end
      end
    end
  end,
}
