-- The floor of rule cost (budgetcheck_bench --floor, docs/performance.md):
-- a rule that visits every value of the submission once and does nothing
-- else. Rules that must look at every amount (arithmetic.decimals,
-- plan.period, arithmetic.row-balance) cannot cost less than this.
return {
  id = "floor.visit-every-value",
  title = { sv = "Besök varje värde", en = "Visit every value" },
  severity = "notice",
  source = { decision = "budgetcheck_bench --floor", document = "docs/performance.md", quote = "the floor" },
  explain = { sv = "Ett mått för bench/, ingen kontroll.", en = "A measure for bench/, no check." },
  check = function(submission)
    local function visit(node)
      for _, v in pairs(node) do
        if type(v) == "table" then visit(v) end
      end
    end
    visit(submission)
  end,
}
