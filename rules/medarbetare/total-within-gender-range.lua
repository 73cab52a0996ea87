-- Policy 1 with 6: for a mandatory indicator that is a rate or an average
-- (measure.kind in the policy pack), the total of a year is a weighted average
-- of the values for men and women, so it cannot lie outside them. Checked for
-- outcomes and targets. Targets written as bounds (≤6,5) are compared as
-- ranges: the rule fires only when no values meeting all three targets exist.

local COMPARED = {
  rate = { sv = "en andel", en = "a rate" },
  average = { sv = "ett medelvärde", en = "an average" },
}

local SERIES = {
  { field = "outcomes", sv = "utfall", en = "outcome", rounded = true },
  { field = "targets", sv = "målvärde", en = "target", rounded = false },
}

-- Decimals a value was printed with: "8,5" -> 1, "≥78" -> 0; from the number
-- itself when the cell has no written text.
local function decimals(cell, x)
  local w = cell.written
  if not budget.absent(w) and #w <= 200 then
    local frac = string.match(w, "%d[,.](%d+)")
    if frac then return #frac end
    if string.find(w, "%d") then return 0 end
  end
  if math.type(x) == "integer" then return 0 end
  local frac = string.match(string.format("%.6f", x), "%.(%d-)0*$") or ""
  return #frac
end

-- The range of values a cell allows: a number is a point, a bound is open on
-- one side. nil for directions, text, "±" and missing values (not comparable).
local function range(cell)
  if not budget.has_value(cell) then return nil end
  if not budget.absent(cell.number) then
    local x = cell.number
    return { lo = x, hi = x, point = true, decimals = decimals(cell, x) }
  end
  if budget.absent(cell.bound) or budget.absent(cell.value) then return nil end
  local v = cell.value
  local b = cell.bound
  -- "<" and ">" leave out the bound itself (hi_open / lo_open)
  if b == "<=" or b == "<" then return { lo = -math.huge, hi = v, hi_open = b == "<", decimals = decimals(cell, v) } end
  if b == ">=" or b == ">" then return { lo = v, hi = math.huge, lo_open = b == ">", decimals = decimals(cell, v) } end
  return nil
end

-- 10 to the power n as an integer (10 ^ n in Lua is a float).
local function pow10(n)
  local p = 1
  for _ = 1, n do p = p * 10 end
  return p
end

-- Scaled to whole units of the finest decimal shown, so that comparisons are
-- exact (8,5 and 8,8 become 85 and 88).
local function scaled(x, scale)
  if x == math.huge or x == -math.huge then return x end
  return math.floor(x * scale + 0.5)
end

-- A number with a decimal comma and d decimals: 8.8 -> "8,8".
local function shown(x, d)
  return (string.gsub(string.format("%." .. d .. "f", x), "%.", ","))
end

-- A cell as printed, for messages.
local function as_written(cell, r)
  if not budget.absent(cell.written) then return cell.written end
  if r.point then return shown(r.lo, r.decimals) end
  return cell.bound .. shown(cell.value, r.decimals)
end

-- What the Män/Kvinnor values allow for the total: "8,8–9,8", "≤ 7,0".
local function hull_text(lo, hi, d)
  if lo == -math.huge then return "≤ " .. shown(hi, d) end
  if hi == math.huge then return "≥ " .. shown(lo, d) end
  if lo == hi then return shown(lo, d) end
  return shown(lo, d) .. "–" .. shown(hi, d)
end

-- Checks one year of one series; reports when the total cannot lie between men and women.
local function check_year(report, ind, s, kind, key)
  local total_cell = budget.value(ind[s.field], tonumber(key))
  local men_row, women_row = budget.gender_row(ind, "men"), budget.gender_row(ind, "women")
  local men_cell = budget.value(men_row[s.field], tonumber(key))
  local women_cell = budget.value(women_row[s.field], tonumber(key))
  local t, m, w = range(total_cell), range(men_cell), range(women_cell)
  if t == nil or m == nil or w == nil then return end

  -- Whole units of one decimal finer than the finest value shown, so that
  -- half a unit of any shown decimal is a whole number too.
  local d = math.max(t.decimals, m.decimals, w.decimals)
  local scale = pow10(d + 1)
  -- Rounding: printed outcomes with the same decimals keep their order, so
  -- no allowance is needed; with different decimals, half a unit of the
  -- total's last decimal plus half of the coarser gender value's.
  local allowance = 0
  if s.rounded and not (t.decimals == m.decimals and m.decimals == w.decimals) then
    local coarser = math.min(m.decimals, w.decimals)
    allowance = 5 * pow10(d - t.decimals) + 5 * pow10(d - coarser)
  end
  local lo = math.min(scaled(m.lo, scale), scaled(w.lo, scale)) - allowance
  local hi = math.max(scaled(m.hi, scale), scaled(w.hi, scale)) + allowance
  -- An open end of a strict bound meets a value only beyond it: "<5" is
  -- outside Män 5,0 and Kvinnor 6,0. The hull's own ends are open only when
  -- both gender bounds at that end are (or the one that reaches it is).
  local function open_end(a, b, end_)
    local va, vb = a[end_], b[end_]
    local oa, ob = a[end_ .. "_open"] == true, b[end_ .. "_open"] == true
    if va == vb then return oa and ob end
    if (end_ == "lo") == (va < vb) then return oa end
    return ob
  end
  local lo_open = allowance == 0 and open_end(m, w, "lo")
  local hi_open = allowance == 0 and open_end(m, w, "hi")
  local th, tl = scaled(t.hi, scale), scaled(t.lo, scale)
  local meets_lo = th > lo or (th == lo and not t.hi_open and not lo_open)
  local meets_hi = tl < hi or (tl == hi and not t.lo_open and not hi_open)
  if meets_lo and meets_hi then return end

  local hull = hull_text(math.min(m.lo, w.lo), math.max(m.hi, w.hi), math.max(m.decimals, w.decimals))
  local total_w, men_w, women_w = as_written(total_cell, t), as_written(men_cell, m), as_written(women_cell, w)
  local allow_sv, allow_en = "", ""
  if allowance > 0 then
    allow_sv = string.format(" (med %s i avrundning, eftersom värdena har olika många decimaler)",
      shown(allowance / scale, d + 1))
    allow_en = string.format(" (allowing %s for rounding, since the values have different decimals)",
      shown(allowance / scale, d + 1))
  end
  local year = math.tointeger(tonumber(key))
  report{
    at = ind[s.field], key = key, year = year,
    expected = hull, actual = total_w,
    sv = string.format('Indikatorn "%s" %s (%s): totalen %s ligger utanför intervallet som Män (%s) och '
      .. "Kvinnor (%s) ger, %s%s. Indikatorn är %s: totalen är ett vägt medelvärde av männens och "
      .. "kvinnornas värden och kan inte ligga utanför dem. Rätta totalen eller värdena för Män och Kvinnor.",
      ind.name, key, s.sv, total_w, men_w, women_w, hull, allow_sv, COMPARED[kind].sv),
    en = string.format('The indicator "%s" %s (%s): the total %s lies outside the range that men (%s) and '
      .. "women (%s) give, %s%s. The indicator is %s: the total is a weighted average of the values "
      .. "for men and women and cannot lie outside them. Correct the total or the values for men and women.",
      ind.name, key, s.en, total_w, men_w, women_w, hull, allow_en, COMPARED[kind].en),
  }
end

return {
  id = "medarbetare.total-within-gender-range",
  title = {
    sv = "Totalen ligger mellan Män och Kvinnor för andelar och medelvärden",
    en = "The total lies between men and women for rates and averages",
  },
  severity = "error",
  source = {
    decision = "KS som arbetsgivare, i KF:s budgetbeslut (004 Budget 2023, 002 Budget 2024); DOMAIN.md regel 1 och 6",
    document = "004",
    quote = "Total sjukfrånvaro, % 9,4 10,5 9,0 8,5 / Män 8,0 9,0 9,0 8,8 / Kvinnor 9,8 10,9 10,0 9,8",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar: för de obligatoriska medarbetarindikatorer som policypaketet anger som
andel (measure.kind = "rate": sjukfrånvaro %, andel heltidsanställningar, personalavgångar %)
eller medelvärde ("average": avgångsålder) ska totalen för ett år ligga mellan årets värden för
Män och Kvinnor, både i utfall och i målvärden.

Varför: totalen räknas på alla anställda och är därför ett vägt medelvärde av männens och
kvinnornas värden; den kan inte ligga utanför dem. Ett sådant värde är ett skriv- eller
räknefel. Antal (summor), enkätindex (totalen räknar också svarande utan angivet kön) och
kvoter som medarbetare per chef jämförs inte.

Gränser som målvärden (≤6,5): en gräns anger ett tak eller golv, inget bestämt värde. Värdena
jämförs därför som intervall, och regeln slår bara till när det inte finns några värden som
uppfyller alla tre målen, t.ex. totalen ≥8 när Män ≤5,5 och Kvinnor ≤7,0. VSS 2024 har totalen
≤6,5 med Män ≤5,5 och Kvinnor ≤7,0: når båda könen sina mål är totalen högst 7,0, och ≤6,5 är
ett strängare men nåbart mål för totalen, alltså inget fel. Riktningar (Öka, Minska) och text
går inte att jämföra och hoppas över, liksom tomma celler.

Avrundning: utfall med samma antal decimaler jämförs exakt, eftersom avrundning inte ändrar
ordningen mellan värdena. Har de olika många decimaler tillåts en halv enhet i totalens sista
decimal plus en halv i det grövre av Män/Kvinnor, och meddelandet anger det. Målvärden är inga
avrundade mätningar och jämförs exakt.

Så rättar ni: kontrollera totalen och värdena för Män och Kvinnor mot källan. Exempel: Leanlink
2023 (004) har målvärdet 8,5 för Total sjukfrånvaro 2024 medan Män har 8,8 och Kvinnor 9,8.]],
    en = [[
What the rule checks: for the mandatory employee indicators the policy pack marks as a rate
(measure.kind = "rate": sick leave %, share of full-time posts, staff turnover %) or an average
("average": retirement age), the total of a year lies between that year's values for men and
women, in outcomes and in targets.

Why: the total is computed over all employees, so it is a weighted average of the values for
men and women and cannot lie outside them. Such a value is a typing or calculation error.
Counts (sums), survey indices (their total also counts respondents who give no gender) and
ratios such as staff per manager are not compared.

Bounds as targets (≤6,5): a bound states a ceiling or floor, not a value. The values are
therefore compared as ranges, and the rule fires only when no values meeting all three
targets exist, e.g. a total ≥8 while men ≤5,5 and women ≤7,0. VSS 2024 has a total ≤6,5 with
men ≤5,5 and women ≤7,0: if both reach their targets the total is at most 7,0, and ≤6,5 is a
stricter but reachable target for the total, so no error. Directions (Öka, Minska) and text
cannot be compared and are skipped, as are empty cells.

Rounding: outcomes printed with the same number of decimals are compared exactly, since
rounding keeps the order of values. With different decimals, half a unit of the total's last
decimal plus half of the coarser of men/women is allowed, and the message says so. Targets are
not rounded measurements and are compared exactly.

How to fix: check the total and the values for men and women against the source. Example:
Leanlink 2023 (004) has the target 8,5 for Total sjukfrånvaro in 2024 while men have 8,8 and
women 9,8.]],
  },
  check = function(submission, policy, report)
    local mandatory = policy.mandatory_indicators
    if budget.absent(mandatory) then return end
    for _, wanted in ipairs(mandatory) do
      local kind = not budget.absent(wanted.measure) and wanted.measure.kind or nil
      local ind = COMPARED[kind] and budget.find_indicator(submission, wanted) or nil
      if ind ~= nil and budget.gender_row(ind, "men") and budget.gender_row(ind, "women") then
        for _, s in ipairs(SERIES) do
          if not budget.absent(ind[s.field]) then
            local keys = {}
            for key in pairs(ind[s.field]) do keys[#keys + 1] = key end
            table.sort(keys)
            for _, key in ipairs(keys) do check_year(report, ind, s, kind, key) end
          end
        end
      end
    end
  end,
}
