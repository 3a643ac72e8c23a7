using MtlAttack.Cli.Options;
using MtlAttack.Core.Attacks.Catalog;
using MtlAttack.Core.Attacks.Threats;

namespace MtlAttack.Cli.Tests.Options;

/// <summary>The attack-suite help texts are the catalog's: a name added there shows in every command's help.</summary>
public sealed class AttackSuiteOptionsTests
{
    [Fact]
    public void The_algorithms_help_gives_every_catalog_name_with_its_line_of_help()
    {
        foreach (var algorithm in AttackDefinitions.Algorithms)
        {
            Assert.Contains($"{string.Join(" or ", algorithm.Aliases.Prepend(algorithm.Name))}: {algorithm.Help}", AttackSuiteOptions.AlgorithmsHelp);
        }
        Assert.Contains("ensemble(A,B,...)", AttackSuiteOptions.AlgorithmsHelp);
    }

    [Fact]
    public void The_objectives_help_gives_every_catalog_objective_and_the_suffixes()
    {
        foreach (var objective in AttackDefinitions.Objectives)
            Assert.Contains($"{string.Join(", ", objective.Syntax)}: {objective.Help}", AttackSuiteOptions.ObjectivesHelp);
        Assert.Contains("OBJECTIVE[segpgd|cospgd]", AttackSuiteOptions.ObjectivesHelp);
    }

    [Fact]
    public void The_steps_and_budget_helps_name_the_algorithms_as_they_did()
    {
        // The reference code's saga and aar follow the L2 forms in the catalog.
        Assert.Equal("Steps of the iterative attacks (pgd, apgd, pgd-l2, apgd-l2, saga, aar)", AttackSuiteOptions.StepsHelp);
        Assert.Equal("fgsm/pgd/apgd/saga/aar", AttackSuiteOptions.AlgorithmsUnder(ThreatModel.Linf));
        Assert.Equal("fgm/pgd-l2/apgd-l2", AttackSuiteOptions.AlgorithmsUnder(ThreatModel.L2));
    }
}
