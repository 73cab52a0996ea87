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
Redovisar varje investeringsrad som är markerad som äskande (request: true): investeringar utöver KF:s investeringsram som nämnden begär. En varning per rad och år med belopp, och med hur mycket av beloppet som faktiskt ligger utöver ramen: ramen (policypaketet) minus övriga investeringar är det utrymme som finns kvar, och äskandena tar det i den ordning de står. Ett äskande på 800 tkr där ramen är cirka 400 tkr och inget annat investeras ligger alltså cirka 400 tkr utöver ramen, inte 800 tkr.

Varför: investeringar över ramen är tillåtna bara som ett uttryckligt äskande, och ett äskande är inte beslutat förrän KF har tagit ställning. Raden räknas därför inte in i investment.within-frame.

Åtgärd: controllern tar med äskandet till budgetberedningen. Nämnden ska motivera det i dokumentet.

Exempel: en rad "Utökad IT-utrustning" med 5,0 mnkr 2025 och request: true ger en varning för 2025.]],
    en = [[
Reports every investment row marked as a request (request: true): investments above KF's investment frame that the board asks for. One warning per row and year, with the amount and how much of it actually lies above the frame: the frame (policy pack) minus the other investments is the room left, and the requests use it in the order they are listed. A request of 800 tkr where the frame is about 400 tkr and nothing else is invested thus lies about 400 tkr above the frame, not 800 tkr.

Why: investments above the frame are allowed only as an explicit request, and a request is not decided until KF has taken a position. The row is therefore not counted by investment.within-frame.

Fix: the controller brings the request to the budget committee. The board should justify it in the document.

Example: a row "More IT equipment" with 5.0 mnkr in 2025 and request: true gives a warning for 2025.]],
  },
  check = function(submission, policy, report)
    local inv = submission.investments
    if budget.absent(inv) then return end
    local fmt = function(k) return budget.format_amount(k, submission) end
    local org = budget.organisation(submission, policy)
    local frame = nil
    if org ~= nil and not budget.absent(org.investment_frame) then frame = org.investment_frame end
    local about_sv = (frame ~= nil and frame.approximate == true) and "cirka " or ""
    local about_en = (frame ~= nil and frame.approximate == true) and "about " or ""

    local counted, requests = {}, {}
    for _, row in ipairs(inv.rows) do
      if row.request == true then requests[#requests + 1] = row else counted[#counted + 1] = row end
    end

    for _, year in ipairs(budget.years(submission)) do
      local limit = frame ~= nil and budget.value(frame.amounts, year) or nil
      local others = budget.sum_rows(counted, "net", year) or 0
      -- Room left in the frame after the investments within it; requests use
      -- it in the order they are listed, and only what is beyond it is above the frame.
      local room = limit ~= nil and math.max(0, limit - others) or nil
      for _, row in ipairs(requests) do
        local net = budget.value(row.net, year)
        if net ~= nil and net ~= 0 then
          local sv, en
          if room == nil then
            sv = string.format("Investeringsäskandet \"%s\" %d är %s. Policypaketet har ingen investeringsram "
              .. "för organisationen det året, så det går inte att säga hur mycket som ligger utöver ramen; "
              .. "äskandet kräver ett beslut i KF innan det kan ingå i budgeten.", row.name, year, fmt(net))
            en = string.format("The investment request \"%s\" for %d is %s. The policy pack has no investment "
              .. "frame for the organisation that year, so how much lies above the frame cannot be said; the "
              .. "request needs a KF decision before it can be part of the budget.", row.name, year, fmt(net))
          else
            local above = math.max(0, net - room)
            room = math.max(0, room - math.max(net, 0))
            if above > 0 then
              sv = string.format("Investeringsäskandet \"%s\" %d är %s, varav %s%s ligger utöver KF:s "
                .. "investeringsram %s%s (övriga investeringar %s). Det som ligger utöver ramen kräver ett "
                .. "beslut i KF innan det kan ingå i budgeten.",
                row.name, year, fmt(net), about_sv, fmt(above), about_sv, fmt(limit), fmt(others))
              en = string.format("The investment request \"%s\" for %d is %s, of which %s%s lies above KF's "
                .. "investment frame of %s%s (other investments %s). What lies above the frame needs a KF "
                .. "decision before it can be part of the budget.",
                row.name, year, fmt(net), about_en, fmt(above), about_en, fmt(limit), fmt(others))
            else
              sv = string.format("Investeringsäskandet \"%s\" %d är %s och ryms inom KF:s investeringsram "
                .. "%s%s tillsammans med övriga investeringar (%s). Som äskande kräver det ändå ett beslut i "
                .. "KF; redovisa det bland investeringarna inom ram om inget äskande behövs.",
                row.name, year, fmt(net), about_sv, fmt(limit), fmt(others))
              en = string.format("The investment request \"%s\" for %d is %s and fits within KF's investment "
                .. "frame of %s%s together with the other investments (%s). As a request it still needs a KF "
                .. "decision; list it among the investments within the frame if no request is needed.",
                row.name, year, fmt(net), about_en, fmt(limit), fmt(others))
            end
          end
          report{ at = row.net, key = budget.key(year), year = year, sv = sv, en = en }
        end
      end
    end
  end,
}
