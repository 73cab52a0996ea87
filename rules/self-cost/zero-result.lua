-- Självkostnadsprincipen: a revenue-funded administration budgets a zero
-- result. Where the pack says offsetting between business areas is not
-- allowed (VSS), every area must be at zero on its own; where it is allowed
-- (Leanlink), only the administration's total result must be zero.

-- Nouns an area's own name may already hold ("Verksamhetsområde ekonomi").
local AREA_NOUNS = { "verksamhetsområde", "business area" }

return {
  id = "self-cost.zero-result",
  title = { sv = "Nollresultat enligt självkostnadsprincipen", en = "Zero result under the self-cost principle" },
  severity = "error",
  source = {
    decision = "KF/KS budgetdirektiv; 002 Budget 2024 (VSS), 004 Budget 2023 (Leanlink)",
    document = "002",
    quote = "Självkostnadsprincipen gäller för förvaltningens tjänster, det innebär att varje tjänst ska bära sina egna kostnader samt att verksamhetsområden budgeteras med ett nollresultat.",
  },
  applies_to = { "revenue" },
  explain = {
    sv = [[
Kontrollerar att en intäktsfinansierad förvaltning budgeterar ett nollresultat (intäkter = kostnader) för budgetåret och varje planår.

Om resultatutjämning mellan verksamhetsområden inte är tillåten för organisationen (policypaketets offsetting_allowed = false, t.ex. VSS: "Ekonomisk resultatutjämning mellan verksamhetsområden är inte tillåten och varje område ska särredovisas") måste varje verksamhetsområde ha resultatet 0. Om den är tillåten (t.ex. Leanlink, som "har möjlighet att omdisponera medel och prioritera mellan sina verksamhetsuppdrag") måste bara förvaltningens totala resultat vara 0; regeln self-cost.offsetting visar då hur områdena täcker varandra.

Det totala resultatet är summaraden som dokumentet skriver ut (eller områdenas summa när summaraden saknas). Att summaraden stämmer med områdena kontrolleras av arithmetic.stated-totals, så samma fel rapporteras inte två gånger.

Saknas verksamhetsområdena helt prövas förvaltningens sammanfattande resultattabell (operating.summary: resultat, eller intäkter − kostnader) mot 0, och en varning säger att områdena saknas (när resultatutjämning inte är tillåten, eller när också sammanfattningen saknas).

Åtgärd: justera intäkter eller kostnader så att resultatet blir 0, eller begär ett undantag (för VSS godkänns undantag av kommunens ekonomidirektör).

Exempel: om VSS budgeterar HR med ett resultat på 0,5 mnkr 2025 rapporteras det vid HR:s resultat för 2025.]],
    en = [[
Checks that a revenue-funded administration budgets a zero result (revenue = cost) in the budget year and every plan year.

Where offsetting between business areas is not allowed for the organisation (policy pack offsetting_allowed = false, e.g. VSS: "Ekonomisk resultatutjämning mellan verksamhetsområden är inte tillåten och varje område ska särredovisas"), every business area must be at 0. Where it is allowed (e.g. Leanlink, which may "omdisponera medel och prioritera mellan sina verksamhetsuppdrag"), only the administration's total result must be 0; the rule self-cost.offsetting then shows how the areas cover each other.

The total result is the total line the document prints (or the sum of the areas when there is none). Whether that line equals the areas is checked by arithmetic.stated-totals, so one mistake is not reported twice.

Without business areas the administration's summary table (operating.summary: result, or revenue − cost) is held at 0, and a warning says the areas are missing (when offsetting is not allowed, or when the summary is missing too).

Fix: adjust revenue or cost so that the result is 0, or ask for an exception (for VSS, the municipal finance director approves exceptions).

Example: if VSS budgets HR with a result of 0.5 mnkr in 2025, that is reported at HR's 2025 result.]],
  },
  check = function(submission, policy, report)
    local org = budget.organisation(submission, policy)
    local ba = submission.business_areas
    if org == nil then return end
    local fmt = function(k) return budget.format_amount(k, submission) end
    -- A zero result is exact. A printed result that is not 0 is not 0 (it
    -- cannot round from 0), so it is compared with 0 rows of allowance; a
    -- result computed from rounded rows (revenue − cost, the areas' sum) may
    -- be off by their rounding, and then the finding is a notice naming it.
    local function judged(c, finding)
      local note_sv, note_en = budget.allowance_note(c)
      if c.status == "rounding" then
        finding.severity = "notice"
        finding.sv = finding.sv .. " Skillnaden är" .. note_sv:sub(2) .. ": troligen avrundning."
        finding.en = finding.en .. " The difference is" .. note_en:sub(2) .. ": probably rounding."
      elseif note_sv ~= "" then
        finding.sv = finding.sv .. " Skillnaden är" .. note_sv:sub(2) .. "."
        finding.en = finding.en .. " The difference is" .. note_en:sub(2) .. "."
      end
      return finding
    end

    -- The administration's total result in one year is 0, whether or not
    -- offsetting is allowed.
    local function report_total(at, key, year, total, rows)
      local c = budget.compare(submission, policy, total, 0, rows)
      if c.status == "equal" then return end
      report(judged(c, {
        at = at, key = key, year = year,
        expected = fmt(0), actual = fmt(total), difference = c.diff,
        sv = string.format("Förvaltningens totala resultat %d är %s. En intäktsfinansierad förvaltning "
          .. "ska budgeteras med nollresultat (intäkter = kostnader). Justera intäkter eller kostnader.",
          year, fmt(total)),
        en = string.format("The administration's total result for %d is %s. A revenue-funded "
          .. "administration must budget a zero result (revenue = cost). Adjust revenue or cost.",
          year, fmt(total)),
      }))
    end

    -- Without areas the summary table's total (operating.summary) is held at
    -- zero, and the missing areas are said: never a silent pass.
    if budget.absent(ba) then
      local op = submission.operating
      local st = nil
      if not budget.absent(op) and not budget.absent(op.summary) then st = op.summary.stated_total end
      if not budget.absent(st) then
        for _, year in ipairs(budget.years(submission)) do
          local total = budget.value(st.result, year)
          if total ~= nil then
            report_total(st.result, budget.key(year), year, total, 0)
          else
            local revenue, cost = budget.value(st.revenue, year), budget.value(st.cost, year)
            if revenue ~= nil and cost ~= nil then
              report_total(st.revenue, budget.key(year), year, budget.sub(revenue, cost), 2)
            end
          end
        end
      end
      if budget.absent(st) or org.offsetting_allowed ~= true then
        report{
          at = "", severity = "warning",
          sv = "Verksamhetsområdena (business_areas) saknas, så det går inte att se att "
            .. (budget.absent(st) and "nämnden budgeterar med nollresultat" or "varje verksamhetsområde har nollresultat")
            .. ". Lägg till verksamhetsområdena med kostnader, intäkter eller resultat per år.",
          en = "The business areas (business_areas) are missing, so it cannot be seen that "
            .. (budget.absent(st) and "the board budgets a zero result" or "every business area has a zero result")
            .. ". Add the business areas with their cost, revenue or result per year.",
        }
      end
      return
    end

    if org.offsetting_allowed ~= true then
      -- every area on its own
      for _, area in ipairs(ba.areas) do
        for _, year in ipairs(budget.years(submission)) do
          local r, series = budget.area_result(area, year)
          local c = r ~= nil and budget.compare(submission, policy, r, 0, series == area.result and 0 or 2) or nil
          if c ~= nil and c.status ~= "equal" then
            local kind_sv = r > 0 and "ett överskott" or "ett underskott"
            local kind_en = r > 0 and "a surplus" or "a deficit"
            -- "Verksamhetsområdet HR", but "Verksamhetsområde HR" alone when the name holds the noun.
            local area_sv = budget.called("Verksamhetsområdet", area.name, AREA_NOUNS)
            local area_en = budget.called("Business area", area.name, AREA_NOUNS)
            report(judged(c, {
              at = series, key = budget.key(year), year = year,
              expected = fmt(0), actual = fmt(r), difference = c.diff,
              sv = string.format("%s har %s på %s %d. Varje verksamhetsområde ska "
                .. "budgeteras med nollresultat och resultatutjämning mellan områden är inte tillåten. "
                .. "Justera områdets intäkter eller kostnader så att resultatet blir 0.",
                area_sv, kind_sv, fmt(math.abs(r)), year),
              en = string.format("%s has %s of %s in %d. Every business area must be "
                .. "budgeted at a zero result and offsetting between areas is not allowed. "
                .. "Adjust the area's revenue or cost so that its result is 0.",
                area_en, kind_en, fmt(math.abs(r)), year),
            }))
          end
        end
      end
      return
    end

    -- offsetting allowed: only the total
    local stated = nil
    if not budget.absent(ba.stated_total) then stated = ba.stated_total.result end
    for _, year in ipairs(budget.years(submission)) do
      local total = budget.value(stated, year)
      local at, key = stated, budget.key(year)
      local rows = 0
      if total == nil then
        local results = {}
        for _, area in ipairs(ba.areas) do
          local r, series = budget.area_result(area, year)
          if r ~= nil then
            results[#results + 1] = { [budget.key(year)] = r }
            rows = rows + (series == area.result and 1 or 2)
          end
        end
        total = budget.sum(results, year)
        at, key = ba.areas, nil
      end
      if total ~= nil then report_total(at, key, year, total, rows) end
    end
  end,
}
