using MtlAttack.Abstractions;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;
using MtlAttack.Core.Training;
using MtlAttack.Grains.Translation;

namespace MtlAttack.Grains.Tests;

/// <summary>What Core computes for an evaluation request without the service: the reference the service's answers must equal.</summary>
internal static class CoreReference
{
    /// <summary>
    /// The same evaluation straight through Core, as the CLI runs it (the model named by its key, as the service names
    /// it): the model folder, native or TorchScript, loaded by Core's <see cref="ModelFolder"/>.
    /// </summary>
    public static string ReportJson(EvaluationRequest request, string checkpoint)
    {
        using var model = ModelFolder.Load(checkpoint, TorchSharp.torch.CPU);
        var (evaluator, _) = Evaluator(request, model);
        var result = EvaluationRunner.Run(evaluator);
        return ReportWriter.ToJson(RobustnessReport.Build(request.Model.ToString(), DatasetSpec.Parse(request.Dataset).ToString(), evaluator.Target.Tasks, result,
            evaluator.Settings.Protocol));
    }

    /// <summary>Core's evaluator for <paramref name="request"/> against <paramref name="model"/>, and its dataset.</summary>
    public static (RobustnessEvaluator Evaluator, IMultiTaskDataset Dataset) Evaluator(EvaluationRequest request, AttackableModel model)
    {
        var dataset = DatasetFactory.Open(request.Dataset);
        return (new RobustnessEvaluator(model.Target(model.TasksFor(dataset)), dataset, EvaluationRequestMapping.Settings(request)), dataset);
    }
}
