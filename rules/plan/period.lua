-- Policy 9: the budget year and plan years are those of the KF decision
-- (policy.pack), and every amount series in the submission has an amount for
-- each of them. Amount series are found generically: every object whose keys
-- are years and whose values are amounts, anywhere in the sections that hold
-- amounts (SECTIONS below).

-- Not checked for completeness: `earlier` holds columns for years before the
-- budget year (only that they are before it is checked), and the savings
-- programme runs over its own years (an empty cell there is a year without a
-- saving, left out as the format says).
local SKIP = { earlier = true, savings_programme = true }

-- Swedish and English words for the sections and series, for messages.
local SECTIONS = {
  operating = { "Driftsammandrag", "Operating summary" },
  frame_changes = { "Förändrad ram", "Frame changes" },
  business_areas = { "Verksamhetsområden", "Business areas" },
  equity = { "Eget kapital", "Equity" },
  investments = { "Investeringar", "Investments" },
}
local SERIES = {
  amounts = { "belopp", "amounts" }, net = { "netto", "net" }, spending = { "utgifter", "spending" },
  income = { "inkomster", "income" }, cost = { "kostnader", "cost" }, revenue = { "intäkter", "revenue" },
  result = { "resultat", "result" }, turnover = { "omsättning", "turnover" },
}

local is_year_key = budget.is_year_key

-- True when `node` is an amount series: {"2024": 29400000, ...}.
local function is_series(node)
  local any = false
  for k, v in pairs(node) do
    if not is_year_key(k) or type(v) ~= "number" then return false end
    any = true
  end
  return any
end

local function text_of(x)
  if type(x) == "string" then return x end
  return nil
end

local function same_years(a, b)
  if #a ~= #b then return false end
  for i = 1, #a do
    if a[i] ~= b[i] then return false end
  end
  return true
end

-- True when a and b hold the same years, in any order (each list has every
-- year once: the schema's uniqueItems).
local function same_set(a, b)
  if #a ~= #b then return false end
  local in_a = {}
  for _, y in ipairs(a) do in_a[y] = true end
  for _, y in ipairs(b) do
    if not in_a[y] then return false end
  end
  return true
end

local function period_text(first, plan)
  return string.format("%d med plan för %d–%d", first, plan[1], plan[#plan])
end

return {
  id = "plan.period",
  title = {
    sv = "Budgetår och planår enligt KF-beslutet",
    en = "Budget and plan years as in the KF decision",
  },
  severity = "error",
  source = {
    decision = "KF:s budgetbeslut, t.ex. KF 2023-06-13 § 222: Budget 2024 med plan för 2025–2029",
    document = "002",
    quote = "Förvaltningsbudget 2024 med plan för 2025-2029",
  },
  applies_to = { "appropriation", "revenue" },
  explain = {
    sv = [[
Vad regeln kontrollerar:
1. att budgetåret (budget_year) och planåren (plan_years) är desamma som i KF-beslutet
   (policypaketet), t.ex. 2024 med plan för 2025–2029;
2. att varje beloppsserie i inlämningen (driftsammandrag, ramhärledning, äskanden,
   verksamhetsområden, eget kapital, investeringar) har ett belopp för budgetåret och
   varje planår. Ett år som saknas är inte 0: skriv 0 om beloppet är noll.
   Ett år utanför perioden i en beloppsserie ger en varning: tidigare år hör hemma i
   "earlier", och år efter sista planåret ingår inte i KF-beslutet.

   Planår efter KF-beslutets sista planår (en nämnd som planerar ett år längre) ger en
   varning: KF:s period är täckt, men de senare åren prövas inte mot några ramar;
3. att kolumner för tidigare år ("earlier", earlier_years) ligger före budgetåret. En
   kolumn för budgetåret eller ett planår där är ett fel: beloppet prövas inte av någon regel.

Inte kontrollerat: att kolumner för tidigare år är kompletta, och åtgärdsprogrammet, som
löper över sina egna år (en tom cell där är ett år utan besparing).

Varför: KF beslutar "Budget 2024 med plan för 2025–2029" med ramar för varje år; en budget
som inte täcker samma år kan inte jämföras med ramarna.

Så rättar ni: ange samma år som KF-beslutet och fyll i varje beloppsrad för alla år.]],
    en = [[
What the rule checks:
1. the budget year (budget_year) and plan years (plan_years) are those of the KF decision
   (the policy pack), e.g. 2024 with plan 2025–2029;
2. every amount series in the submission (operating summary, frame derivation, frame
   requests, business areas, equity, investments) has an amount for the budget year and
   every plan year. A missing year is not 0: write 0 when the amount is zero.
   A year outside the period in an amount series is a warning: earlier years belong in
   "earlier", and years after the last plan year are not part of the KF decision.

   Plan years after the KF decision's last plan year (a board planning a year further) are a
   warning: KF's period is covered, but the later years are checked against no frame;
3. columns for earlier years ("earlier", earlier_years) lie before the budget year. A column
   for the budget year or a plan year there is an error: no rule checks that amount.

Not checked: whether the earlier columns are complete, and the savings programme, which runs
over its own years (an empty cell there is a year without a saving).

Why: KF decides "Budget 2024 with plan for 2025–2029" with frames for every year; a budget
that does not cover the same years cannot be compared with the frames.

How to fix: use the years of the KF decision and fill in every amount row for all years.]],
  },
  check = function(submission, policy, report)
    local pack = policy.pack

    -- 1. The period itself.
    local kf_period = period_text(pack.budget_year, pack.plan_years)
    if submission.budget_year ~= pack.budget_year then
      report{
        at = "/budget_year",
        sv = string.format("Budgetåret är %d, men KF-beslutet gäller budget %s.", submission.budget_year, kf_period),
        en = string.format("The budget year is %d, but the KF decision is for budget %s.",
          submission.budget_year, kf_period),
        expected = pack.budget_year, actual = submission.budget_year,
      }
    end
    local pack_plan, own_plan = {}, {}
    for _, y in ipairs(pack.plan_years) do pack_plan[#pack_plan + 1] = y end
    for _, y in ipairs(submission.plan_years) do own_plan[#own_plan + 1] = y end
    -- Plan years beyond KF's last one, after all of KF's (a board planning one
    -- year further): KF's period is still covered, so a warning; the later
    -- years have no KF frame to be checked against. Every series must still
    -- cover every year the submission declares (below).
    local extends = #own_plan > #pack_plan and submission.budget_year == pack.budget_year
    for i = 1, #pack_plan do
      if own_plan[i] ~= pack_plan[i] then extends = false end
    end
    if extends then
      local later = {}
      for i = #pack_plan + 1, #own_plan do later[#later + 1] = own_plan[i] end
      report{
        at = "/plan_years", severity = "warning",
        sv = string.format("Planåren %s ligger efter KF-beslutets period (budget %s): de ingår inte i beslutet "
          .. "och prövas inte mot några ramar.", budget.year_list(later), kf_period),
        en = string.format("The plan years %s lie after the KF decision's period (budget %s): they are not part "
          .. "of the decision and are not checked against any frame.", budget.year_list(later), kf_period),
        expected = budget.year_list(pack_plan), actual = budget.year_list(own_plan),
      }
    elseif same_set(pack_plan, own_plan) and not same_years(pack_plan, own_plan) then
      -- KF's plan years, out of order: every rule reads them in order
      -- (budget.years), so the period is KF's; a warning to write them so.
      report{
        at = "/plan_years", severity = "warning",
        sv = string.format("Planåren %s står inte i ordning; KF-beslutet gäller budget %s.",
          budget.year_list(own_plan), kf_period),
        en = string.format("The plan years %s are not in order; the KF decision is for budget %s.",
          budget.year_list(own_plan), kf_period),
        expected = budget.year_list(pack_plan), actual = budget.year_list(own_plan),
      }
    elseif not same_years(pack_plan, own_plan) then
      report{
        at = "/plan_years",
        sv = string.format("Planåren är %s, men KF-beslutet gäller budget %s.", budget.year_list(own_plan), kf_period),
        en = string.format("The plan years are %s, but the KF decision is for budget %s.",
          budget.year_list(own_plan), kf_period),
        expected = budget.year_list(pack_plan), actual = budget.year_list(own_plan),
      }
    end

    -- 2. Every amount series covers the submission's own budget and plan years.
    -- A year of either period is not "outside": with a wrong period the
    -- mismatch above is the finding, not every row.
    local years = budget.years(submission)
    local in_period = { [budget.key(pack.budget_year)] = true }
    for _, y in ipairs(years) do in_period[budget.key(y)] = true end
    for _, y in ipairs(pack.plan_years) do in_period[budget.key(y)] = true end

    -- The series' name in messages, Swedish and English (built only for a finding).
    local function names_of(section, label, field)
      local words = SERIES[field] or { field, field }
      local sv_name = (section and section[1] .. ": " or "")
        .. (label and ('raden "' .. label .. '" (' .. words[1] .. ")") or words[1])
      local en_name = (section and section[2] .. ": " or "")
        .. (label and ('the row "' .. label .. '" (' .. words[2] .. ")") or words[2])
      return sv_name, en_name
    end

    -- The lists are made only for a series with a finding: a table or two
    -- per series of a 300 000-row submission is garbage enough to force
    -- full collections at the memory cap, each charged by the heap's size.
    local year_keys = {}
    for i, y in ipairs(years) do year_keys[i] = budget.key(y) end
    local function check_series(series, section, label, field)
      local complete = true
      for _, k in ipairs(year_keys) do
        if series[k] == nil then complete = false; break end
      end
      if not complete then
        local missing, present = {}, {}
        for _, y in ipairs(years) do
          if series[budget.key(y)] == nil then missing[#missing + 1] = y else present[#present + 1] = y end
        end
        local sv_name, en_name = names_of(section, label, field)
        report{
          at = series, year = missing[1],
          sv = string.format("%s saknar belopp för %s. Varje beloppsrad ska ha ett belopp för budgetåret "
            .. "och alla planår (%s); ett tomt år är inte 0.", sv_name, budget.year_list(missing),
            budget.year_list(years)),
          en = string.format("%s has no amount for %s. Every amount row needs an amount for the budget year "
            .. "and every plan year (%s); an empty year is not 0.", en_name, budget.year_list(missing),
            budget.year_list(years)),
          expected = budget.year_list(years),
          actual = #present > 0 and budget.year_list(present) or nil,
        }
      end

      local outside = nil
      for k in pairs(series) do
        if not in_period[k] then
          outside = outside or {}
          outside[#outside + 1] = k
        end
      end
      if outside ~= nil then
        table.sort(outside)
        local sv_name, en_name = names_of(section, label, field)
        report{
          at = series, key = outside[1], severity = "warning",
          year = math.tointeger(tonumber(outside[1])),
          sv = string.format("%s har belopp för %s, utanför budgetperioden %s. Tidigare år hör hemma i "
            .. '"earlier"; senare år ingår inte i KF-beslutet.', sv_name, table.concat(outside, ", "),
            budget.year_list(years)),
          en = string.format("%s has amounts for %s, outside the budget period %s. Earlier years belong in "
            .. '"earlier"; later years are not part of the KF decision.', en_name, table.concat(outside, ", "),
            budget.year_list(years)),
        }
      end
    end

    -- 3. Earlier columns are years before the budget year. A column for the
    -- budget year or a plan year there (mislabelled) is an amount no rule
    -- checks, beside the series' own value for that year: an error.
    local budget_year = submission.budget_year
    local function early_enough(k)
      local y = math.tointeger(tonumber(k))
      return y == nil or y < budget_year
    end
    local function check_earlier(series, section, label, field)
      local late = nil
      for k in pairs(series) do
        if not early_enough(k) then
          late = late or {}
          late[#late + 1] = k
        end
      end
      if late == nil then return end
      table.sort(late)
      local sv_name, en_name = names_of(section, label, field)
      report{
        at = series, key = late[1], year = math.tointeger(tonumber(late[1])),
        sv = string.format('%s har en tidigare års kolumn (earlier) för %s, som inte ligger före budgetåret %d. '
          .. "Budgetårets och planårens belopp hör hemma i serien själv; i earlier prövas de inte.",
          sv_name, table.concat(late, ", "), budget_year),
        en = string.format('%s has an earlier column for %s, which is not before the budget year %d. '
          .. "The budget and plan years' amounts belong in the series itself; in earlier they are not checked.",
          en_name, table.concat(late, ", "), budget_year),
      }
    end
    local function walk_earlier(node, section, label)
      if is_series(node) then
        check_earlier(node, section, label, "amounts")
        return
      end
      for k, v in pairs(node) do
        if type(v) == "table" and is_series(v) then check_earlier(v, section, label, k) end
      end
    end
    if type(submission.earlier_years) == "table" then
      local late = nil
      for k in pairs(submission.earlier_years) do
        if not early_enough(k) then
          late = late or {}
          late[#late + 1] = k
        end
      end
      if late ~= nil then
        table.sort(late)
        report{
          at = submission.earlier_years, key = late[1], year = math.tointeger(tonumber(late[1])),
          sv = string.format("Tidigare års kolumner (earlier_years) anger %s, som inte ligger före budgetåret %d.",
            table.concat(late, ", "), budget_year),
          en = string.format("The earlier years' columns (earlier_years) name %s, which is not before the budget "
            .. "year %d.", table.concat(late, ", "), budget_year),
          expected = string.format("< %d", budget_year), actual = late[1],
        }
      end
    end

    -- Walks one section; `label` is the nearest row name or label.
    local function walk(node, section, label)
      for k, v in pairs(node) do
        if k == "earlier" and type(v) == "table" then
          walk_earlier(v, section, label)
        elseif type(v) == "table" and not SKIP[k] then
          local sec = section
          if sec == nil and type(k) == "string" then sec = SECTIONS[k] end
          if is_series(v) then
            check_series(v, sec, label, k)
          else
            walk(v, sec, text_of(v.name) or text_of(v.label) or label)
          end
        end
      end
    end
    -- Only the sections that hold amounts: indicators and texts are large
    -- and hold no amount series.
    for key, words in pairs(SECTIONS) do
      local section = submission[key]
      if type(section) == "table" then walk(section, words, nil) end
    end
  end,
}
