-- budget: shared helpers for the KF policy rules.
--
-- Every rule sees this file as the global `budget`. It knows the things every
-- money rule needs: which years the submission covers, how to add up rows,
-- how to write an amount the way the document does ("61,0 mnkr",
-- "4 400 tkr"), how two amounts compare given the rounding of the published
-- table (budget.compare), and which entry of the policy pack is the
-- submitting organisation.
--
-- Money arrives from the engine as whole kronor (Lua integers), so every sum
-- and comparison here is exact integer arithmetic, checked for overflow.

local budget = {}

-- The library's hot paths read these as locals: a global read goes through
-- the sealed _ENV's metatables (two hops) on every call, and the rules call
-- budget.value and budget.add in their innermost loops (docs/performance.md).
local ipairs, pairs, error, tostring, tonumber, type = ipairs, pairs, error, tostring, tonumber, type
local math_type, math_tointeger, math_floor, MIN_INTEGER = math.type, math.tointeger, math.floor, math.mininteger
local string_format, string_find = string.format, string.find
local table_sort, table_concat = table.sort, table.concat
local host_normalise, host_format_amount = host.normalise, host.format_amount

-- host.normalise's results, by the text: indicator rules compare every name
-- of the submission with every indicator of the pack, so one rule normalises
-- the same few dozen names many times. Keyed by the string's value (never by
-- a table), so a cached result is always right; it starts empty in every
-- rule run (docs/architecture.md, "Rule runtime").
local normal_forms = {}
local function normalise(text)
  local n = normal_forms[text]
  if n == nil then
    n = host_normalise(text)
    if type(text) == "string" then normal_forms[text] = n end
  end
  return n
end

local KRONOR_PER_UNIT = { kr = 1, tkr = 1000, mnkr = 1000000 }

-- JSON null, as the engine passes it (one sentinel value for every document).
local NULL = null

-- True when x is absent: nil or JSON null.
local function absent(x)
  return x == nil or x == NULL
end
budget.absent = absent

-- The budget year followed by the plan years, e.g. {2024, 2025, ..., 2029},
-- each year once and the plan years in order: a budget year listed again
-- among the plan years, or plan years out of order (plan.period reports
-- both), must not make the rules judge a year twice or take 2029 for the
-- first plan year.
function budget.years(submission)
  local first = submission.budget_year
  local years = { first }
  local ordered = true
  for _, y in ipairs(submission.plan_years) do
    if y ~= first then
      if #years > 1 and y < years[#years] then ordered = false end
      years[#years + 1] = y
    end
  end
  if not ordered then
    local plan = {}
    for i = 2, #years do plan[i - 1] = years[i] end
    table_sort(plan)
    for i, y in ipairs(plan) do years[i + 1] = y end
  end
  return years
end

-- Years as the keys of a series: 2024 -> "2024". Rules look up series by
-- year in their innermost loops; the key of a plausible year is made once
-- per rule run (the table starts empty in every run: docs/architecture.md).
local year_keys = {}
local function key_of(year)
  local key = year_keys[year]
  if key then return key end
  key = string_format("%d", year)
  if year >= 1900 and year <= 2200 then year_keys[year] = key end
  return key
end
budget.key = key_of

-- True when `k` is a year key of a series: four ASCII digits ("2024").
-- Rules that walk amount sections ask it of every key; a document has few
-- distinct keys, so each answer is kept for the run (byte tests, no pattern).
local year_key_test = {}
local string_byte = string.byte
function budget.is_year_key(k)
  if type(k) ~= "string" or #k ~= 4 then return false end
  local known = year_key_test[k]
  if known ~= nil then return known end
  local a, b, c, d = string_byte(k, 1, 4)
  known = a >= 48 and a <= 57 and b >= 48 and b <= 57 and c >= 48 and c <= 57 and d >= 48 and d <= 57
  year_key_test[k] = known
  return known
end

-- The value of a series (an object keyed by year) in one year, or nil when the
-- series or that year's cell is missing. An empty cell is not 0.
local function value(series, year)
  -- absent() written out: rules call this in their innermost loops.
  if series == nil or series == NULL then return nil end
  local v = series[year_keys[year] or key_of(year)]
  if v == NULL then return nil end
  return v
end
budget.value = value

-- Checked integer arithmetic for money. Lua integers wrap silently on
-- overflow (2^62 + 2^62 is negative), so a sum of huge rows could "equal" a
-- stated total; these raise an error instead, and a float (an inexact
-- amount) is refused too. The engine already limits the total of all money in
-- a file to 2^53 kr (docs/limits.md), so a rule that adds each amount once
-- never gets here; the checks guard what a rule computes beyond that.
local function not_money(op, x)
  error(string_format("budget.%s: %s är inte ett heltal kronor / is not a whole number of kronor",
    op, tostring(x)), 3)
end
local function overflow(op, a, b)
  error(string_format("budget.%s(%d, %d): resultatet ryms inte i 64-bitars heltal och kan inte bli exakt "
    .. "/ the result overflows 64-bit integers and cannot be exact", op, a, b), 3)
end

local function add(a, b)
  if math_type(a) ~= "integer" then not_money("add", a) end
  if math_type(b) ~= "integer" then not_money("add", b) end
  local s = a + b
  if (b >= 0) ~= (s >= a) then overflow("add", a, b) end
  return s
end
budget.add = add

local function sub(a, b)
  if math_type(a) ~= "integer" then not_money("sub", a) end
  if math_type(b) ~= "integer" then not_money("sub", b) end
  local d = a - b
  if (b >= 0) ~= (d <= a) then overflow("sub", a, b) end
  return d
end
budget.sub = sub

local function mul(a, b)
  if math_type(a) ~= "integer" then not_money("mul", a) end
  if math_type(b) ~= "integer" then not_money("mul", b) end
  if a == 0 or b == 0 then return 0 end
  local p = a * b
  if (a == -1 and b == MIN_INTEGER) or (b == -1 and a == MIN_INTEGER) or p // b ~= a then
    overflow("mul", a, b)
  end
  return p
end
budget.mul = mul

-- |a|, checked (math.abs(math.mininteger) is math.mininteger).
local function abs(a)
  if a < 0 then return sub(0, a) end
  return a
end
budget.abs = abs

-- Sum of one year over a list of series. Rows without a value that year are
-- skipped (an empty cell is not 0). Returns the sum and how many rows were
-- summed; the sum is nil when no row has a value. Checked: an overflow is an
-- error, never a wrapped number.
function budget.sum(series_list, year)
  local total, n = nil, 0
  for _, series in ipairs(series_list) do
    local v = value(series, year)
    if v ~= nil then
      total = add(total or 0, v)
      n = n + 1
    end
  end
  return total, n
end

-- The series named `field` of every row, e.g. budget.column(rows, "amounts").
function budget.column(rows, field)
  local list = {}
  if absent(rows) then return list end
  for _, row in ipairs(rows) do
    if not absent(row[field]) then list[#list + 1] = row[field] end
  end
  return list
end

-- Sum of one year over rows, reading each row's `field` series: budget.sum
-- of budget.column(rows, field), without making the column (a list per
-- year of a 300 000-row table is garbage that forces full collections).
function budget.sum_rows(rows, field, year)
  local total, n = nil, 0
  if absent(rows) then return total, n end
  for _, row in ipairs(rows) do
    local v = value(row[field], year)
    if v ~= nil then
      total = add(total or 0, v)
      n = n + 1
    end
  end
  return total, n
end

-- True when every row has a `field` series (e.g. every area has a "cost").
function budget.all_have(rows, field)
  if absent(rows) or #rows == 0 then return false end
  for _, row in ipairs(rows) do
    if absent(row[field]) then return false end
  end
  return true
end

-- A business area's result (revenue − cost, positive = surplus) in one year:
-- its `result`, or else revenue − cost. Also returns the series to point a
-- finding at. nil when the area gives neither for that year.
function budget.area_result(area, year)
  local r = value(area.result, year)
  if r ~= nil then return r, area.result end
  local revenue, cost = value(area.revenue, year), value(area.cost, year)
  if revenue ~= nil and cost ~= nil then return sub(revenue, cost), area.revenue end
  return nil
end

-- Kronor in one unit of the submission: 1000 for tkr, 1 000 000 for mnkr.
function budget.kronor_per_unit(submission)
  return KRONOR_PER_UNIT[submission.unit] or 1
end

-- An amount in whole kronor written in the submission's unit, with at least
-- the submission's number of decimals, a decimal comma, no-break spaces
-- between thousands and a minus sign: 61000000 -> "61,0 mnkr" (mnkr, 1
-- decimal), -57978000 -> "−57 978 tkr" (tkr, 0 decimals). It is never
-- rounded: an amount finer than the document's decimals gets the extra
-- decimals it needs (40000 kr -> "0,04 mnkr"). The host writes it
-- (host.format_amount, engine/money.cpp): the reports show amounts with the
-- same function, and in Lua it was a sixth of a typical validation.
function budget.format_amount(kronor, submission)
  local k = math_tointeger(kronor) or math_floor(kronor + 0.5)
  return host_format_amount(k, submission.unit, submission.decimals)
end

-- The rounding model (DOMAIN rule 6, docs/policy-data.md). What KF decided
-- is exact, and so is a table printed in its own unit (whole tkr in a tkr
-- budget): 1 tkr off is 1 tkr off. Only a table printed coarser than its data
-- (mnkr with one decimal) is rounded; how far each of its rows may be off is
-- policy data: policy.rounding_tolerance.per_row_kronor, an entry per (unit,
-- decimals), 0 = exact. A combination the pack does not list is exact.
local function rounding_per_row(submission, policy)
  local rt = policy.rounding_tolerance
  if absent(rt) or absent(rt.per_row_kronor) then return 0 end
  local unit, decimals = submission.unit, submission.decimals
  for _, entry in ipairs(rt.per_row_kronor) do
    if entry.unit == unit and entry.decimals == decimals then
      return entry.kronor
    end
  end
  return 0
end
budget.rounding_per_row = rounding_per_row

-- The one comparison of two amounts every money rule makes. `actual` and
-- `expected` in kronor; `rows` is how many rounded published values went into
-- them (6 area rows against an exact frame: 6; a printed sum against its 6
-- rows: 6, as before; two exact amounts: 0). Returns a table:
--   diff       actual − expected (checked)
--   off        |diff|
--   allowance  rows × the per-row rounding allowance (0 for exact tables)
--   status     "equal" (diff 0), "rounding" (0 < off ≤ allowance: report a
--              notice that names the allowance, never silence) or "off"
--   sv, en     how the allowance reads in a message, "" when none was used
--              or the amounts are equal:
--              "inom avrundningstoleransen 0,3 mnkr (6 rader × 0,05 mnkr)" /
--              "mer än avrundningstoleransen …" (and the English)
function budget.compare(submission, policy, actual, expected, rows)
  rows = rows or 0
  local diff = sub(actual, expected)
  local per_row = rounding_per_row(submission, policy)
  local allowance = mul(per_row, rows)
  local off = abs(diff)
  local status = "off"
  if off == 0 then status = "equal" elseif off <= allowance then status = "rounding" end
  local c = { diff = diff, off = off, allowance = allowance, per_row = per_row, rows = rows,
              status = status, sv = "", en = "" }
  -- Equal amounts need no words (most comparisons are equal: the text cost
  -- more than the comparison).
  if allowance > 0 and status ~= "equal" then
    local fmt = function(k) return budget.format_amount(k, submission) end
    local detail_sv = string_format("%s (%d %s × %s)", fmt(allowance), rows, rows == 1 and "rad" or "rader",
      fmt(per_row))
    local detail_en = string_format("%s (%d %s × %s)", fmt(allowance), rows, rows == 1 and "row" or "rows",
      fmt(per_row))
    if status == "off" then
      c.sv = "mer än avrundningstoleransen " .. detail_sv
      c.en = "more than the rounding allowance of " .. detail_en
    else
      c.sv = "inom avrundningstoleransen " .. detail_sv
      c.en = "within the rounding allowance of " .. detail_en
    end
  end
  return c
end

-- ", inom avrundningstoleransen …" for appending to a message, "" when the
-- comparison used no allowance; the Swedish and the English.
function budget.allowance_note(c)
  if c.sv == "" then return "", "" end
  return ", " .. c.sv, ", " .. c.en
end

-- The earlier columns' years (utfall, last year's budget), oldest first,
-- from submission.earlier_years.
function budget.earlier_years(submission)
  local years = {}
  if absent(submission.earlier_years) then return years end
  for key in pairs(submission.earlier_years) do
    local y = math_tointeger(tonumber(key))
    if y then years[#years + 1] = y end
  end
  table_sort(years)
  return years
end

-- How a year reads in a message, Swedish and English: "2024", or for an
-- earlier column "2022 (utfall, tidigare kolumn)" with the column's kind
-- from submission.earlier_years.
local EARLIER_KIND_SV = { outcome = "utfall", budget = "budget", forecast = "prognos" }
local EARLIER_KIND_EN = { outcome = "outcome", budget = "budget", forecast = "forecast" }
function budget.year_label(submission, year, earlier)
  local key = key_of(year)
  if not earlier then return key, key end
  local kind = nil
  if not absent(submission.earlier_years) then kind = submission.earlier_years[key] end
  if absent(kind) then kind = nil end
  return string_format("%d (%s, tidigare kolumn)", year, EARLIER_KIND_SV[kind] or kind or "?"),
    string_format("%d (%s, earlier column)", year, EARLIER_KIND_EN[kind] or kind or "?")
end

-- The earlier columns (outcomes, earlier budgets) of a table or row:
-- obj.earlier when field is nil, else obj.earlier[field]; nil when absent.
function budget.earlier(obj, field)
  if absent(obj) or absent(obj.earlier) then return nil end
  if field == nil then return obj.earlier end
  local e = obj.earlier[field]
  if absent(e) then return nil end
  return e
end

-- The submitting organisation's entry in policy.organisations, and its id.
-- Matched on the organisation id first, then on its name or an alias, as
-- names are compared (budget.normalise). Returns nil when the pack does not
-- know the organisation (organisation.known reports that).
function budget.organisation(submission, policy)
  local orgs = policy.organisations
  if absent(orgs) then return nil end
  local own = submission.organisation
  local entry = orgs[own.id]
  if not absent(entry) then return entry, own.id end
  if absent(own.name) then return nil end
  local name = normalise(own.name)
  for id, org in pairs(orgs) do
    if not absent(org.name) and normalise(org.name) == name then return org, id end
    if not absent(org.aliases) then
      for _, alias in ipairs(org.aliases) do
        if normalise(alias) == name then return org, id end
      end
    end
  end
  return nil
end

-- True when `id` is in a list of ids (e.g. policy.equity.applies_to).
function budget.contains(list, id)
  if absent(list) then return false end
  for _, x in ipairs(list) do
    if x == id then return true end
  end
  return false
end

-- Years written for a message: {2024, 2025, 2026} -> "2024, 2025, 2026".
function budget.year_list(years)
  local parts = {}
  for _, y in ipairs(years) do parts[#parts + 1] = key_of(y) end
  return table_concat(parts, ", ")
end

-- Names and texts compared without regard to case, spacing or a final full
-- stop ("Minska  sjukfrånvaro." and "minska sjukfrånvaro" are the same):
-- lower case (every letter with a Unicode lowercase: A–Z, Å, Ä, Ö, É, Ü, …),
-- each run of spaces, tabs, line breaks and no-break spaces one space, no
-- leading space, no trailing spaces or full stops; soft hyphens, zero-width
-- characters, ligatures and a '*' mark from a PDF do not count, and commas,
-- parentheses and dashes separate words like a space (docs/rule-api.md,
-- host.normalise). Several rules normalise
-- every indicator name of a submission against every indicator of the pack,
-- so the host does it in C (host.normalise, engine/text/compare_form.cpp);
-- string patterns here were a sixth of a typical validation's instructions.
budget.normalise = normalise

-- A name with its noun in front, for messages: budget.called("Verksamhetsområdet",
-- "HR", {"verksamhetsområde"}) -> "Verksamhetsområdet HR". When the name
-- already holds one of the nouns (`stems`, lower case), the name alone:
-- "Verksamhetsområde HR", never "Verksamhetsområdet Verksamhetsområde HR".
function budget.called(noun, name, stems)
  local own = normalise(name)
  for _, stem in ipairs(stems) do
    if string_find(own, stem, 1, true) then return name end
  end
  return noun .. " " .. name
end

-- The submission's indicator that reports the policy pack's indicator
-- `wanted`: first by policy_id, then by its name or one of its aliases.
-- The HTML report's indicator grid finds them the same way
-- (find_indicator in engine/output/html/report_charts.cpp): change both.
function budget.find_indicator(submission, wanted)
  local indicators = submission.indicators
  if absent(indicators) then return nil end
  local id = wanted.id
  for _, ind in ipairs(indicators) do
    if ind.policy_id == id then return ind end
  end
  local names = { [normalise(wanted.name)] = true }
  if not absent(wanted.aliases) then
    for _, alias in ipairs(wanted.aliases) do names[normalise(alias)] = true end
  end
  for _, ind in ipairs(indicators) do
    if names[normalise(ind.name)] then return ind end
  end
  return nil
end

-- Texts that only say a value is missing (DOMAIN.md: "IU, X, ? or blank"),
-- compared as names are: a cell transcribed as {"text": "IU"} or an answer
-- "–" holds no value; so does a text of white space alone.
local NO_VALUE = {
  [""] = true, ["-"] = true, ["–"] = true, ["—"] = true, ["iu"] = true, ["x"] = true, ["?"] = true,
  ["ingen uppgift"] = true, ["uppgift saknas"] = true, ["saknas"] = true, ["ej fastställt"] = true,
  ["ej fastställd"] = true, ["inte fastställt"] = true, ["n/a"] = true,
}
local function says_nothing(text)
  if type(text) ~= "string" then return false end
  return NO_VALUE[normalise(text)] == true
end
budget.says_nothing = says_nothing

-- An indicator cell (target or outcome) marked missing: IU, X, ?, – or blank,
-- whether as `missing` or as a text that says only that.
local function is_missing(cell)
  -- absent() written out here and below: rules ask this of every cell.
  if cell == nil or cell == NULL then return false end
  local missing = cell.missing
  if missing ~= nil and missing ~= NULL then return true end
  return says_nothing(cell.text)
end
budget.is_missing = is_missing

-- An indicator cell that holds a value: present and not missing.
local function has_value(cell)
  return cell ~= nil and cell ~= NULL and not is_missing(cell)
end
budget.has_value = has_value

-- True when a series of indicator cells has a cell that holds a value.
local function holds_value(series)
  if absent(series) then return false end
  for _, cell in pairs(series) do
    if has_value(cell) then return true end
  end
  return false
end

-- The row for one gender under an indicator (field "men" or "women"), or nil
-- when the document gives no values for it. A row printed with every cell
-- empty, IU, X, ? or – is not a report: rules treat it as a missing row, so
-- the finding does not depend on whether the empty row was transcribed.
function budget.gender_row(ind, field)
  local row = ind[field]
  if absent(row) then return nil end
  if holds_value(row.outcomes) or holds_value(row.targets) then return row end
  return nil
end

-- How a missing cell reads in a message, in Swedish and English, and the
-- marker itself: "X" as printed, "tom cell" for blank, "ingen cell" when the
-- document has no cell at all.
function budget.written(cell)
  if absent(cell) then return "ingen cell", "no cell", "–" end
  local raw = cell.written
  if absent(raw) then raw = absent(cell.missing) and cell.text or cell.missing end
  if raw == "blank" then return "tom cell", "empty cell", "blank" end
  return '"' .. raw .. '"', '"' .. raw .. '"', raw
end

return budget
