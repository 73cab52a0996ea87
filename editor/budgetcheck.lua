---@meta budgetcheck
-- LuaLS (lua-language-server) definitions for budgetcheck rules: the rule
-- table, report{}, pointer(), null, the budget library, and the shapes of the
-- submission and the policy pack. Editors read this file through
-- .luarc.json (workspace.library = ["editor"]); the engine never loads it.
-- docs/rule-api.md describes the API; docs/writing-rules.md walks through a
-- new rule. The classes between the GENERATED markers come from
-- schemas/submission.schema.json and schemas/policy.schema.json
-- (python3 editor/generate_types.py --write). Money is always a Lua integer
-- of whole kronor, whatever the document's unit.

---@alias budget.Severity "error"|"warning"|"notice"
---@alias budget.Funding "appropriation"|"revenue"

---The JSON null sentinel (compare with `x == null`; an absent member is nil).
---@class budget.Null

---JSON null in the submission and the policy pack. Test `x == null`, or use `budget.absent(x)`.
---@type budget.Null
null = {}

---A text in both languages.
---@class budget.Text
---@field sv string Swedish
---@field en string English

---Where the policy a rule enforces comes from.
---@class budget.RuleSource
---@field decision? string e.g. "KF 2023-06-13 § 222"
---@field document? string seed document id, e.g. "002"
---@field quote? string the decision's own words

---One finding, as given to report{}.
---@class budget.Finding
---@field at table|string a value read from the submission (object or array), or a JSON Pointer string ("" = the whole submission)
---@field key? string|integer a member name, or a 1-based array position, under `at`
---@field year? integer the year concerned
---@field sv string the message in Swedish
---@field en string the message in English
---@field expected? string|number shown as written, e.g. "61,0 mnkr"
---@field actual? string|number shown as written
---@field difference? integer actual − expected in exact kronor (a Lua integer within ±2^53), when two amounts were compared
---@field severity? budget.Severity overrides the rule's severity for this finding

---A key figure, as given to report.figure{} (docs/rule-api.md).
---@class budget.KeyFigure
---@field id string lower-case words joined by '.' or '-', e.g. "investment.frame"
---@field year integer the budget or plan year
---@field amount integer exact kronor (a Lua integer within ±2^53), or a count (medarbetare.required-targets)
---@field limit? integer exact kronor: the limit the amount is held to (KF's frame)

---Records a finding: report{...}. At most 1 000 per run of a rule.
---@class budget.Report
---@overload fun(finding: budget.Finding)
local Report = {}

---Publishes a key figure the rule computed (one per id and year and file).
---@param figure budget.KeyFigure
function Report.figure(figure) end

---The table a rule file returns.
---@class budget.Rule
---@field id string lower-case words joined by dots, e.g. "investment.growth-limit"
---@field title budget.Text
---@field severity budget.Severity
---@field source? budget.RuleSource
---@field applies_to? budget.Funding[] funding kinds the rule runs for; left out = all
---@field explain? budget.Text what it checks, why, how to fix, an example
---@field parameters? table JSON Schema (draft-07) of an object: { type = "object", properties = { name = { type, default, description = { sv, en } } } }
---@field check fun(submission: budget.Submission, policy: budget.Policy, report: budget.Report, params: table<string, any>)

---The JSON Pointer of a submission or policy value, e.g. "/investments/rows/0".
---@param value table a value read from the submission or the policy
---@param key? string|integer a member name, or a 1-based array position
---@return string
function pointer(value, key) end

---The shared helpers of rules/lib/budget.lua (read-only).
budget = {}

---True when x is absent: nil or JSON null.
---@param x any
---@return boolean
function budget.absent(x) end

---The budget year followed by the plan years, e.g. {2024, 2025, ..., 2029}.
---@param submission budget.Submission
---@return integer[]
function budget.years(submission) end

---A year as the key of a series: 2024 -> "2024".
---@param year integer
---@return string
function budget.key(year) end

---The value of a series (an object keyed by year) in one year, or nil when
---the series or that year's cell is missing. An empty cell is not 0.
---@param series table<string, integer>|budget.Null|nil
---@param year integer
---@return integer|nil kronor
function budget.value(series, year) end

---Sum of one year over a list of series; rows without a value that year are
---skipped. Returns the sum (nil when no row has a value) and how many rows were summed.
---@param series_list table<string, integer>[]
---@param year integer
---@return integer|nil kronor
---@return integer n
function budget.sum(series_list, year) end

---The series named `field` of every row, e.g. budget.column(rows, "amounts").
---@param rows table[]
---@param field string
---@return table<string, integer>[]
function budget.column(rows, field) end

---Sum of one year over rows, reading each row's `field` series.
---@param rows table[]
---@param field string
---@param year integer
---@return integer|nil kronor
---@return integer n
function budget.sum_rows(rows, field, year) end

---True when every row has a `field` series.
---@param rows table[]
---@param field string
---@return boolean
function budget.all_have(rows, field) end

---A business area's result (revenue − cost) in one year, and the series to point a finding at; nil when unknown.
---@param area table
---@param year integer
---@return integer|nil kronor
---@return table|nil series
function budget.area_result(area, year) end

---Kronor in one unit of the submission: 1 for kr, 1000 for tkr, 1 000 000 for mnkr.
---@param submission budget.Submission
---@return integer
function budget.kronor_per_unit(submission) end

---An amount of kronor as the document writes it: 61000000 -> "61,0 mnkr". Never rounded.
---@param kronor integer
---@param submission budget.Submission
---@return string
function budget.format_amount(kronor, submission) end

---Per-row rounding allowance in kronor for the submission's unit and decimals (policy.rounding_tolerance); 0 = exact.
---@param submission budget.Submission
---@param policy budget.Policy
---@return integer kronor
function budget.rounding_per_row(submission, policy) end

---@class budget.Comparison
---@field diff integer actual − expected, kronor
---@field off integer |diff|
---@field allowance integer rows × per_row
---@field per_row integer
---@field rows integer
---@field status "equal"|"rounding"|"off" rounding: report a notice naming the allowance
---@field sv string "inom avrundningstoleransen 0,3 mnkr (6 rader × 0,05 mnkr)", "" when none used
---@field en string the same in English

---The one comparison of two amounts: `rows` published values of a rounded table took part (0 for exact amounts).
---@param submission budget.Submission
---@param policy budget.Policy
---@param actual integer
---@param expected integer
---@param rows integer
---@return budget.Comparison
function budget.compare(submission, policy, actual, expected, rows) end

---", inom avrundningstoleransen …" to append to a message (Swedish, English); "" when no allowance was used.
---@param c budget.Comparison
---@return string sv
---@return string en
function budget.allowance_note(c) end

---Checked money arithmetic: raises an error on 64-bit overflow or a float, never wraps.
---@param a integer
---@param b integer
---@return integer
function budget.add(a, b) end
---@param a integer
---@param b integer
---@return integer
function budget.sub(a, b) end
---@param a integer
---@param b integer
---@return integer
function budget.mul(a, b) end
---@param a integer
---@return integer
function budget.abs(a) end

---The earlier columns' years (submission.earlier_years), oldest first.
---@param submission budget.Submission
---@return integer[]
function budget.earlier_years(submission) end

---The submitting organisation's entry in policy.organisations, and its id; nil when the pack does not know it.
---@param submission budget.Submission
---@param policy budget.Policy
---@return budget.PolicyOrganisation|nil
---@return string|nil id
function budget.organisation(submission, policy) end

---True when `id` is in a list of ids.
---@param list string[]|nil
---@param id string
---@return boolean
function budget.contains(list, id) end

---The earlier columns (outcomes, earlier budgets) of a table or row:
---obj.earlier when field is nil, else obj.earlier[field]; nil when absent.
---@param obj table|nil
---@param field? string
---@return table|nil
function budget.earlier(obj, field) end

---Years written for a message: {2024, 2025} -> "2024, 2025".
---@param years integer[]
---@return string
function budget.year_list(years) end

---A name or text compared without regard to case, spacing or a final full stop.
---@param text string
---@return string
function budget.normalise(text) end

---The submission's indicator that reports the policy pack's indicator `wanted`.
---@param submission budget.Submission
---@param wanted table
---@return table|nil
function budget.find_indicator(submission, wanted) end

---An indicator cell (target or outcome) marked missing: IU, X, ?, – or blank.
---@param cell table|nil
---@return boolean
function budget.is_missing(cell) end

---An indicator cell that holds a value: present and not marked missing.
---@param cell table|nil
---@return boolean
function budget.has_value(cell) end

---The row for one gender ("men" or "women") under an indicator, or nil when the
---document gives no values for it (a row printed with every cell missing counts as absent).
---@param ind table
---@param field "men"|"women"
---@return table|nil
function budget.gender_row(ind, field) end

---How a missing cell reads in a message: Swedish, English, and the marker itself.
---@param cell table|nil
---@return string sv
---@return string en
---@return string marker
function budget.written(cell) end

-- BEGIN GENERATED by editor/generate_types.py from schemas/*.schema.json

---@class budget.Organisation Organisation
---@field id string Id
---@field name string Namn
---@field kind "board"|"administration" Slag
---@field funding "appropriation"|"revenue" Finansiering
---@field reports_to? string Nämnd

---@class budget.KfDecision KF-beslut
---@field date string Beslutsdatum
---@field paragraph? string Paragraf
---@field title? string Beslut
---@field note? string Kommentar

---@class budget.Document Dokument
---@field title? string Rubrik
---@field source? string Källa

---@class budget.LabelledSeries Rad med rubrik
---@field label string Rubrik
---@field amounts table<string, integer> Belopp — year ("2024") → kronor
---@field earlier? table<string, integer> Tidigare år — year ("2024") → kronor
---@field note? string Kommentar

---@class budget.Frame Budgetram (härledning)
---@field previous_frame? budget.LabelledSeries Tidigare budgetram
---@field indexation? budget.LabelledSeries Uppräkning
---@field technical_adjustments? budget.LabelledSeries[] Tekniska justeringar
---@field stated_frame? budget.LabelledSeries Summa budgetram
---@field demography? budget.LabelledSeries Demografijustering
---@field stated_frame_after_demography? budget.LabelledSeries Summa budgetram inkl. demografi

---@class budget.MoneyRow Rad med belopp
---@field name string Benämning
---@field section? string Avsnitt
---@field amounts table<string, integer> Belopp — year ("2024") → kronor
---@field earlier? table<string, integer> Tidigare år — year ("2024") → kronor
---@field reason? string Motivering
---@field note? string Kommentar

---@class budget.StatedSum Summa enligt dokumentet
---@field label? string Rubrik
---@field amounts table<string, integer> Belopp — year ("2024") → kronor
---@field earlier? table<string, integer> Tidigare år — year ("2024") → kronor
---@field note? string Kommentar

---@class budget.Table Tabell med rader och summa
---@field label? string Rubrik
---@field rows budget.MoneyRow[] Rader
---@field stated_total? budget.StatedSum Summa enligt dokumentet
---@field note? string Kommentar

---@class budget.Earlier Tidigare år
---@field result? table<string, integer> Resultat — year ("2024") → kronor
---@field revenue? table<string, integer> Intäkter — year ("2024") → kronor
---@field cost? table<string, integer> Kostnader — year ("2024") → kronor

---@class budget.ResultTotals Summa resultat, intäkter och kostnader
---@field label? string Rubrik
---@field result? table<string, integer> Resultat — year ("2024") → kronor
---@field revenue? table<string, integer> Intäkter — year ("2024") → kronor
---@field cost? table<string, integer> Kostnader — year ("2024") → kronor
---@field earlier? budget.Earlier Tidigare år
---@field note? string Kommentar

---@class budget.Summary Sammanfattande resultattabell
---@field rows? budget.MoneyRow[] Rader
---@field stated_total? budget.ResultTotals Summa enligt dokumentet

---@class budget.Operating Driftsammandrag
---@field frame? budget.Frame Budgetram (härledning)
---@field within_frame? budget.Table Budget inom ram
---@field other_tables? budget.Table[] Övriga tabeller inom ram
---@field summary? budget.Summary Sammanfattande resultattabell
---@field note? string Kommentar

---@class budget.GroupsItem Grupp av äskanden
---@field name string Benämning
---@field rows budget.MoneyRow[] Rader
---@field stated_total? budget.StatedSum Summa enligt dokumentet
---@field reason? string Motivering

---@class budget.FrameChanges Förslag till förändrad ram (äskanden)
---@field groups budget.GroupsItem[] Grupper
---@field stated_total? budget.StatedSum Summa enligt dokumentet
---@field note? string Kommentar

---@class budget.AreasItem Verksamhetsområde
---@field id string Id
---@field name string Benämning
---@field cost? table<string, integer> Kostnader — year ("2024") → kronor
---@field revenue? table<string, integer> Intäkter — year ("2024") → kronor
---@field result? table<string, integer> Resultat — year ("2024") → kronor
---@field earlier? budget.Earlier Tidigare år
---@field note? string Kommentar

---@class budget.BusinessAreas Verksamhetsområden
---@field areas budget.AreasItem[] Områden
---@field stated_total? budget.ResultTotals Summa enligt dokumentet
---@field stated_frame? budget.LabelledSeries Budgetram enligt tabellen
---@field note? string Kommentar

---@class budget.Equity Eget kapital
---@field amounts? table<string, integer> Eget kapital — year ("2024") → kronor
---@field turnover? table<string, integer> Omsättning — year ("2024") → kronor
---@field earlier? budget.Earlier Tidigare år
---@field note? string Kommentar

---@class budget.RowsItem Investering
---@field name string Benämning
---@field net table<string, integer> Netto — year ("2024") → kronor
---@field spending? table<string, integer> Utgifter — year ("2024") → kronor
---@field income? table<string, integer> Inkomster — year ("2024") → kronor
---@field request boolean Äskande
---@field earlier? budget.Earlier Tidigare år
---@field note? string Kommentar

---@class budget.StatedTotal Summa enligt dokumentet
---@field label? string Rubrik
---@field net? table<string, integer> Netto — year ("2024") → kronor
---@field spending? table<string, integer> Utgifter — year ("2024") → kronor
---@field income? table<string, integer> Inkomster — year ("2024") → kronor
---@field earlier? budget.Earlier Tidigare år

---@class budget.Investments Investeringar
---@field rows budget.RowsItem[] Rader
---@field stated_total? budget.StatedTotal Summa enligt dokumentet
---@field stated_frame? budget.LabelledSeries Investeringsram enligt nämnden
---@field comment? string Kommentar

---@class budget.GoalsItem Nämndmål
---@field id string Id
---@field name string Nämndmål
---@field description? string Beskrivning
---@field goal_area string Målområde
---@field kf_goals string[] Kommunövergripande mål
---@field indicators string[] Indikatorer
---@field set_by? "board"|"ks" Beslutat av
---@field note? string Kommentar

---@class budget.IndicatorValue1 Tal
---@field number number Tal
---@field written? string Skrivet som
---@field note? string Kommentar

---@class budget.IndicatorValue2 Gräns
---@field bound ">="|"<="|"<"|">"|"\u00b1" Jämförelse
---@field value number Gränsvärde
---@field written? string Skrivet som
---@field note? string Kommentar

---@class budget.IndicatorValue3 Riktning
---@field direction "increase"|"decrease"|"not-increase"|"not-decrease"|"stabilise" Riktning
---@field written? string Skrivet som
---@field note? string Kommentar

---@class budget.IndicatorValue4 Text
---@field text string Text
---@field written? string Skrivet som
---@field note? string Kommentar

---@class budget.IndicatorValue5 Saknas
---@field missing "IU"|"X"|"?"|"\u2013"|"blank" Markering
---@field written? string Skrivet som
---@field note? string Kommentar

---@class budget.GenderSeries Könsuppdelade värden
---@field outcomes? table<string, budget.IndicatorValue1|budget.IndicatorValue2|budget.IndicatorValue3|budget.IndicatorValue4|budget.IndicatorValue5> Utfall
---@field targets? table<string, budget.IndicatorValue1|budget.IndicatorValue2|budget.IndicatorValue3|budget.IndicatorValue4|budget.IndicatorValue5> Målvärden

---@class budget.IndicatorsItem Indikator
---@field id string Id
---@field name string Indikator
---@field goal_area string Målområde
---@field policy_id? string Obligatorisk indikator
---@field marked_mandatory? boolean Markerad obligatorisk
---@field goals string[] Nämndmål
---@field unit? string Enhet
---@field source? string Källa
---@field outcomes table<string, budget.IndicatorValue1|budget.IndicatorValue2|budget.IndicatorValue3|budget.IndicatorValue4|budget.IndicatorValue5> Utfall
---@field targets table<string, budget.IndicatorValue1|budget.IndicatorValue2|budget.IndicatorValue3|budget.IndicatorValue4|budget.IndicatorValue5> Målvärden
---@field men? budget.GenderSeries Män
---@field women? budget.GenderSeries Kvinnor
---@field note? string Kommentar

---@class budget.MeasuresItem Åtgärd
---@field name string Benämning
---@field unspecified boolean Ospecificerad
---@field amounts table<string, integer> Belopp — year ("2024") → kronor
---@field note? string Kommentar

---@class budget.SavingsProgramme Åtgärdsprogram
---@field label? string Rubrik
---@field measures budget.MeasuresItem[] Åtgärder
---@field stated_total? budget.StatedSum Summa enligt dokumentet
---@field already_in_budget? budget.LabelledSeries Redan inarbetat i budget
---@field note? string Kommentar

---@class budget.AssignmentsItem Strategiskt utvecklingsuppdrag
---@field number? integer Nummer
---@field kind "common"|"board-specific" Slag
---@field text? string Uppdrag
---@field answer? string Svar
---@field note? string Kommentar

---@class budget.NotesItem Anteckning
---@field about? string Gäller
---@field text string Text

---@class budget.Submission Nämndbudget (budgetcheck)
---@field format_version "1.0" Formatversion
---@field municipality string Kommun
---@field organisation budget.Organisation Organisation
---@field kf_decision budget.KfDecision KF-beslut
---@field document? budget.Document Dokument
---@field budget_year integer Budgetår
---@field plan_years integer[] Planår
---@field earlier_years? table<string, "outcome"|"budget"|"forecast"> Tidigare års kolumner
---@field unit "kr"|"tkr"|"mnkr" Enhet
---@field decimals integer Decimaler
---@field operating? budget.Operating Driftsammandrag
---@field frame_changes? budget.FrameChanges Förslag till förändrad ram (äskanden)
---@field business_areas? budget.BusinessAreas Verksamhetsområden
---@field equity? budget.Equity Eget kapital
---@field investments? budget.Investments Investeringar
---@field goals? budget.GoalsItem[] Nämndmål
---@field indicators? budget.IndicatorsItem[] Indikatorer
---@field savings_programme? budget.SavingsProgramme Åtgärdsprogram
---@field assignments? budget.AssignmentsItem[] Strategiska utvecklingsuppdrag
---@field notes? budget.NotesItem[] Anteckningar
---@field transcription_notes? string[] Inskrivningsanteckningar

---@class budget.PolicyKfDecision KF-beslut
---@field date string Beslutsdatum
---@field paragraph string|budget.Null Paragraf
---@field title string Beslutets rubrik
---@field illustrative? boolean Påhittat
---@field note? string Anmärkning

---@class budget.PolicySourcesItem
---@field file string Fil
---@field description string Beskrivning

---@class budget.PolicyPack Paketets identitet och KF-beslut
---@field id string Paket-id
---@field municipality "linkoping"|"norrkoping" Kommun
---@field kf_decision budget.PolicyKfDecision KF-beslut
---@field budget_year integer Budgetår
---@field plan_years integer[] Planår
---@field sources budget.PolicySourcesItem[] Källdokument

---@class budget.PolicyGoalArea Målområde
---@field id string Målområdes-id
---@field name string Namn
---@field aliases? string[] Andra namn
---@field description? string Beskrivning

---@class budget.PolicyCriteriaItem
---@field letter string Bokstav
---@field text string Text

---@class budget.PolicySource Källa
---@field file string Fil
---@field quote? string Citat
---@field section? string Avsnitt
---@field note? string Anmärkning

---@class budget.PolicyKfGoal Kommunövergripande mål
---@field id string Mål-id
---@field number? integer Målnummer
---@field name string Namn
---@field goal_area string Målområde
---@field aliases? string[] Andra namn
---@field criteria? budget.PolicyCriteriaItem[] Måluppfyllelser
---@field source budget.PolicySource Källa
---@field note? string Anmärkning

---@class budget.PolicyMeasure Slags mått
---@field kind "rate"|"average"|"count"|"index"|"ratio" Slag
---@field source budget.PolicySource Källa

---@class budget.PolicyMandatoryIndicator Obligatorisk indikator
---@field id string Indikator-id
---@field name string Namn
---@field aliases string[] Andra namn
---@field gender_split boolean Uppdelat på kön
---@field measure? budget.PolicyMeasure Slags mått
---@field kf_goal? string Kommunövergripande mål
---@field ks_goal? string Nämndmål beslutat av KS
---@field source budget.PolicySource Källa
---@field note? string Anmärkning

---@class budget.PolicyFrameComponent Del av ramen
---@field kind "previous-frame"|"indexation"|"technical-adjustment"|"demography"|"other" Slag
---@field name string Radens namn
---@field amounts table<string, integer> Belopp per år — year ("2024") → kronor

---@class budget.PolicyOperatingFrame Driftram (budgetram)
---@field amounts table<string, integer> Belopp per år — year ("2024") → kronor
---@field derivation? budget.PolicyFrameComponent[] Ramens uppbyggnad
---@field source budget.PolicySource Källa
---@field note? string Anmärkning

---@class budget.PolicyInvestmentFrame Investeringsram
---@field amounts table<string, integer> Belopp per år — year ("2024") → kronor
---@field approximate boolean Ungefärligt belopp
---@field source budget.PolicySource Källa
---@field note? string Anmärkning

---@class budget.PolicyOrganisation Nämnd/förvaltning
---@field name string Namn
---@field aliases? string[] Andra namn
---@field board? string Ansvarig nämnd
---@field illustrative? boolean Påhittat
---@field funding "appropriation"|"revenue" Finansiering
---@field funding_source budget.PolicySource Källa för finansieringen
---@field offsetting_allowed boolean Resultatutjämning tillåten
---@field offsetting_source budget.PolicySource Källa för resultatutjämning
---@field operating_frame budget.PolicyOperatingFrame Driftram (budgetram)
---@field investment_frame budget.PolicyInvestmentFrame Investeringsram
---@field note? string Anmärkning

---@class budget.PolicyEquity Eget kapital
---@field applies_to string[] Gäller för
---@field max_percent_of_turnover number Högsta eget kapital, procent av omsättningen
---@field negative_restoration_years integer Återställning av negativt eget kapital, antal år
---@field source budget.PolicySource Källa
---@field note? string Anmärkning

---@class budget.PolicyPerRowKronorItem
---@field unit "kr"|"tkr"|"mnkr" Tabellens enhet
---@field decimals integer Tabellens decimaler
---@field kronor integer Kronor per rad
---@field note? string Anmärkning

---@class budget.PolicyRoundingTolerance Avrundningstolerans
---@field method "exact-unless-printed-coarser" Metod
---@field per_row_kronor budget.PolicyPerRowKronorItem[] Tolerans per rad i kronor
---@field source? budget.PolicySource Källa
---@field note? string Anmärkning

---@class budget.PolicyStrategicAssignment Strategiskt utvecklingsuppdrag
---@field id string Uppdrags-id
---@field number integer|budget.Null Uppdragsnummer
---@field kind "common"|"board-specific" Slag
---@field applies_to "all"|string[] Gäller för
---@field title string Kort rubrik
---@field text string Uppdragets text
---@field source budget.PolicySource Källa
---@field note? string Anmärkning

---@class budget.PolicySeverityOverridesValue
---@field severity "notice"|"warning"|"error" Allvarlighetsgrad
---@field reason string Skäl

---@class budget.PolicyNotesItem
---@field about "general"|"pack"|"goal_areas"|"kf_goals"|"mandatory_indicators"|"organisations"|"equity"|"rounding_tolerance"|"strategic_assignments"|"severity_overrides"|"disabled_rules" Avser
---@field text string Text

---@class budget.PolicyItemsItem
---@field pointer string Pekare
---@field id? string Id

---@class budget.PolicyReview Att granska
---@field carried_over_from string Överfört från
---@field items budget.PolicyItemsItem[] Poster

---@class budget.Policy Policypaket för budgetcheck
---@field policy_format integer Formatversion
---@field pack budget.PolicyPack Paketets identitet och KF-beslut
---@field unit "kr"|"tkr"|"mnkr" Beloppsenhet
---@field decimals integer Antal decimaler
---@field goal_areas budget.PolicyGoalArea[] Målområden
---@field kf_goals budget.PolicyKfGoal[] Kommunövergripande mål
---@field mandatory_indicators budget.PolicyMandatoryIndicator[] Obligatoriska medarbetarindikatorer
---@field organisations table<string, budget.PolicyOrganisation> Nämnder och förvaltningar
---@field equity? budget.PolicyEquity Eget kapital
---@field rounding_tolerance budget.PolicyRoundingTolerance Avrundningstolerans
---@field strategic_assignments budget.PolicyStrategicAssignment[] Strategiska utvecklingsuppdrag
---@field severity_overrides table<string, budget.PolicySeverityOverridesValue> Ändrad allvarlighetsgrad
---@field disabled_rules table<string, string> Avstängda regler
---@field rule_parameters? table<string, table<string, any>> Regelparametrar
---@field notes? budget.PolicyNotesItem[] Anteckningar
---@field review? budget.PolicyReview Att granska
-- END GENERATED
