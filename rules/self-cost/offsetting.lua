-- Where the pack allows offsetting between business areas (resultatutjämning),
-- the controller still wants to see it: per year, which area's surplus covers
-- which areas' deficits, and by how much. A notice, not a fault.

-- "LSS (24 792 tkr) och Äldreomsorg (35 156 tkr)"
local function listing(items, fmt, word)
  local parts = {}
  for _, it in ipairs(items) do
    parts[#parts + 1] = string.format("%s (%s)", it.area.name, fmt(math.abs(it.result)))
  end
  if #parts == 1 then return parts[1] end
  return table.concat(parts, ", ", 1, #parts - 1) .. " " .. word .. " " .. parts[#parts]
end

return {
  id = "self-cost.offsetting",
  title = { sv = "Resultatutjämning mellan verksamhetsområden", en = "Offsetting between business areas" },
  severity = "notice",
  source = {
    decision = "KF/KS budgetdirektiv; 004 Budget 2023 (Leanlink)",
    document = "004",
    quote = "Leanlink har möjlighet att omdisponera medel och prioritera mellan sina verksamhetsuppdrag, så länge som mål, direktiv, riktlinjer och övriga styrdokument som kommunfullmäktige och nämnder fastställt följs.",
  },
  applies_to = { "revenue" },
  explain = {
    sv = [[
Gäller intäktsfinansierade förvaltningar som enligt policypaketet får utjämna resultat mellan verksamhetsområden (offsetting_allowed = true). För varje budget- och planår där något område går med överskott och något annat med underskott visas vilka områden som täcker vilka, med beloppen.

Varför: utjämningen är tillåten, men controllern behöver se hur stor den är. Ett område som bär andras underskott betyder ofta att underskotten ska hämtas hem med åtgärder som ännu inte finns i områdena (jämför åtgärdsprogrammet).

Åtgärd: ingen krävs; kontrollera att utjämningen är avsiktlig och att den motsvaras av beslutade åtgärder.

Meddelandet säger exakt vad som täcks: hela underskotten (och vad som blir kvar av överskottet), eller bara en del av dem (och hur mycket som inte täcks).

Exempel: Leanlink 2023: Lednings överskott 57 978 tkr täcker hela underskotten i LSS (23 978 tkr) och Äldreomsorg (34 000 tkr), samma 58 mnkr som åtgärdsprogrammet. 2024 täcker Lednings 59 873 tkr bara 59 873 av underskotten på sammanlagt 59 948 tkr; 75 tkr täcks inte.]],
    en = [[
For revenue-funded administrations that the policy pack allows to offset results between business areas (offsetting_allowed = true). For each budget and plan year where one area has a surplus and another a deficit, it shows which areas cover which, with the amounts.

Why: offsetting is allowed, but the controller needs to see how large it is. An area carrying others' deficits often means the deficits must be recovered by measures not yet in the areas (compare the savings programme).

Fix: none required; check that the offsetting is intended and backed by decided measures.

The message says exactly what is covered: all of the deficits (and what is left of the surplus), or only part of them (and how much is not covered).

Example: Leanlink 2023: Ledning's surplus of 57 978 tkr covers all of the deficits of LSS (23 978 tkr) and Äldreomsorg (34 000 tkr), the same 58 mnkr as the savings programme. In 2024 Ledning's 59 873 tkr covers only 59 873 of the deficits of 59 948 tkr in total; 75 tkr is not covered.]],
  },
  check = function(submission, policy, report)
    local org = budget.organisation(submission, policy)
    local ba = submission.business_areas
    if org == nil or org.offsetting_allowed ~= true or budget.absent(ba) then return end
    local fmt = function(k) return budget.format_amount(k, submission) end

    for _, year in ipairs(budget.years(submission)) do
      local surpluses, deficits = {}, {}
      local surplus_sum, deficit_sum = 0, 0
      local largest = nil
      for _, area in ipairs(ba.areas) do
        local r, series = budget.area_result(area, year)
        if r ~= nil and r > 0 then
          surpluses[#surpluses + 1] = { area = area, result = r }
          surplus_sum = surplus_sum + r
          if largest == nil or r > largest.result then largest = { result = r, series = series } end
        elseif r ~= nil and r < 0 then
          deficits[#deficits + 1] = { area = area, result = r }
          deficit_sum = deficit_sum - r
        end
      end
      if #surpluses > 0 and #deficits > 0 then
        -- Say exactly what is covered: all of the deficits (and what is left of
        -- the surplus), or only part of them (and what is not covered).
        local s_sv = #surpluses == 1 and "överskottet" or "överskotten"
        local s_en = #surpluses == 1 and "the surplus" or "the surpluses"
        local d_sv = #deficits == 1 and "underskottet" or "underskotten"
        local d_en = #deficits == 1 and "the deficit" or "the deficits"
        local head_sv = string.format("Resultatutjämning %d: %s i %s", year, s_sv, listing(surpluses, fmt, "och"))
        local head_en = string.format("Offsetting in %d: %s of %s", year, s_en, listing(surpluses, fmt, "and"))
        local sv, en
        local total_sv, total_en = "", ""
        if #deficits > 1 then
          total_sv, total_en = ", sammanlagt " .. fmt(deficit_sum), ", " .. fmt(deficit_sum) .. " in total"
        end
        if surplus_sum >= deficit_sum then
          sv = string.format("%s täcker hela %s i %s%s", head_sv, d_sv, listing(deficits, fmt, "och"), total_sv)
          en = string.format("%s covers all of %s of %s%s", head_en, d_en, listing(deficits, fmt, "and"), total_en)
          if surplus_sum > deficit_sum then
            sv = sv .. string.format("; %s av överskottet blir kvar", fmt(surplus_sum - deficit_sum))
            en = en .. string.format("; %s of the surplus is left over", fmt(surplus_sum - deficit_sum))
          end
        else
          sv = string.format("%s täcker %s av %s i %s%s; %s täcks inte", head_sv, fmt(surplus_sum), d_sv,
            listing(deficits, fmt, "och"), total_sv, fmt(deficit_sum - surplus_sum))
          en = string.format("%s covers %s of %s of %s%s; %s is not covered", head_en, fmt(surplus_sum), d_en,
            listing(deficits, fmt, "and"), total_en, fmt(deficit_sum - surplus_sum))
        end
        report{
          at = largest.series, key = budget.key(year), year = year,
          sv = sv .. ".", en = en .. ".",
        }
      end
    end
  end,
}
