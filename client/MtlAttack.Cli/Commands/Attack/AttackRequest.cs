using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Commands.Attack;

/// <summary>Everything <c>mtlattack attack</c> was asked to do.</summary>
public sealed record AttackRequest(
    string Model,
    DatasetSpec? Dataset,
    string Device,
    string ReportDirectory,
    EvaluationSettings Settings,
    int SaveAdversarial);
