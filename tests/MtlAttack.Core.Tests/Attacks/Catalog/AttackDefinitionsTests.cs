using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Catalog;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Study;

namespace MtlAttack.Core.Tests.Attacks.Catalog;

public class AttackDefinitionsTests
{
    private static readonly string[] Tasks = ["segment_semantic", "normal", "depth_zbuffer"];

    /// <summary>A name of each objective definition, with arguments where it takes them.</summary>
    private static readonly string[] ObjectiveExamples =
        ["single", "single(normal)", "total", "signsum", "dgba", "dgba-protect(normal)", "dgba-floor(0.5)", "dgba-l0(10)"];

    [Fact]
    public void EveryNameIsDefinedOnce()
    {
        var algorithmNames = AttackDefinitions.Algorithms.SelectMany(a => a.Aliases.Prepend(a.Name)).ToList();
        Assert.Equal(algorithmNames.Distinct().Count(), algorithmNames.Count);
        var objectiveNames = AttackDefinitions.Objectives.Select(o => o.Name).ToList();
        Assert.Equal(objectiveNames.Distinct().Count(), objectiveNames.Count);
        Assert.Equal(AttackCatalog.AlgorithmNames, AttackDefinitions.Algorithms.Select(a => a.Name));
    }

    [Fact]
    public void EveryAlgorithmNameBuildsTheDefinitionsAlgorithm()
    {
        foreach (var definition in AttackDefinitions.Algorithms)
            foreach (var name in definition.Aliases.Prepend(definition.Name).SelectMany(n => new[] { n, $" {n.ToUpperInvariant()} " }))
            {
                var algorithm = AttackCatalog.Algorithm(name);
                Assert.Equal(definition.Name, algorithm.Name);
                Assert.Same(definition.Threat, algorithm.Threat);
                Assert.False(string.IsNullOrWhiteSpace(definition.Help));
            }
        Assert.Equal("pgd", AttackCatalog.Algorithm("i-fgsm").Name);
    }

    [Fact]
    public void EveryObjectiveDefinitionBuildsFromItsName()
    {
        foreach (var definition in AttackDefinitions.Objectives)
        {
            var examples = ObjectiveExamples.Where(e => AttackCatalog.ObjectiveDefinitionOf(e) == definition).ToList();
            Assert.True(examples.Count > 0, $"Give an example name of objective '{definition.Name}' in this test.");
            // Each objective reports under its definition's name (its arguments, if any, follow in brackets).
            foreach (var objective in examples.SelectMany(e => AttackCatalog.Objectives(e, Tasks)))
                Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(definition.Name)}(\(.*\))?$", objective.Name);
            Assert.NotEmpty(definition.Syntax);
            Assert.False(string.IsNullOrWhiteSpace(definition.Help));
        }
        Assert.Equal(Tasks.Length, AttackCatalog.Objectives("single", Tasks).Count);
    }

    [Theory]
    [InlineData("total(normal)")]
    [InlineData("single()")]
    [InlineData("dgbax")]
    public void ANameNoDefinitionReadsIsUnknown(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => AttackCatalog.Objectives(name, Tasks));
        Assert.Contains($"Unknown attack objective '{name}'", error.Message);
    }

    [Fact]
    public void SignsumTakesOneBackwardPassPerTaskAndTheOthersOne()
    {
        Assert.Equal(5, AttackCatalog.ObjectiveDefinitionOf("signsum").BackwardPasses(5));
        Assert.Equal(5, AttackCatalog.ObjectiveDefinitionOf("signsum[cospgd]").BackwardPasses(5));
        foreach (var name in new[] { "single(normal)", "total", "dgba", "dgba-l0(4)" })
            Assert.Equal(1, AttackCatalog.ObjectiveDefinitionOf(name).BackwardPasses(5));

        // A cell's cost counts those passes: with three tasks, signsum's step has two more backward passes than dgba's.
        double Cost(string objective) => EvaluationCost.Of(new EvaluationCell("pgd", objective, 4), steps: 10, tasks: 3);
        Assert.Equal(10 * 2 * 2, Cost("signsum") - Cost("dgba"));
        Assert.Equal(Cost("total"), Cost("dgba"));
    }

    [Fact]
    public void TheDefaultSuitesAreWhatTheyWere()
    {
        string[] objectives = ["single", "total", "signsum", "dgba"];
        AssertSuite(DefaultSuites.Evaluation, ["fgsm", "pgd"], objectives, [1, 2, 4, 8, 16], 10);
        AssertSuite(DefaultSuites.Demo, ["fgsm", "pgd"], objectives, [2, 4, 8], 10);
        AssertSuite(DefaultSuites.DemoQuick, ["fgsm", "pgd"], objectives, [2, 4, 8], 5);
        AssertSuite(DefaultSuites.Study, ["fgsm", "pgd", "apgd"], objectives, [2, 4, 8], 5);
        AssertSuite(DefaultSuites.StudyQuick, ["fgsm", "pgd", "apgd"], objectives, [2, 8], 5);
        // The reference study's sweep (AttackBranchMTL.py), which --protocol reference runs when no budgets are named.
        AssertSuite(DefaultSuites.Reference, ["fgsm", "pgd"], objectives, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16], 10);
        Assert.Same(DefaultSuites.Reference, EvaluationProtocols.DefaultSuite(EvaluationProtocol.Reference));
        Assert.Same(DefaultSuites.Evaluation, EvaluationProtocols.DefaultSuite(EvaluationProtocol.Ours));

        var evaluation = new EvaluationSettings();
        AssertSuite(new AttackSuite(evaluation.Algorithms, evaluation.Objectives, evaluation.Epsilons, evaluation.Steps), ["fgsm", "pgd"], objectives, [1, 2, 4, 8, 16], 10);
        foreach (var (study, suite) in new[] { (StudySettings.Default, DefaultSuites.Study), (StudySettings.Quick, DefaultSuites.StudyQuick) })
            AssertSuite(new AttackSuite(study.Algorithms, study.Objectives, study.Epsilons, study.Steps), suite.Algorithms, suite.Objectives, suite.Epsilons, suite.Steps);
        Assert.Equal(objectives, StudySettings.KnownObjectives);
    }

    private static void AssertSuite(AttackSuite suite, IReadOnlyList<string> algorithms, IReadOnlyList<string> objectives, IReadOnlyList<double> epsilons, int steps)
    {
        Assert.Equal(algorithms, suite.Algorithms);
        Assert.Equal(objectives, suite.Objectives);
        Assert.Equal(epsilons, suite.Epsilons);
        Assert.Equal(steps, suite.Steps);
    }
}
