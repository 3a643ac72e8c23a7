using MtlAttack.Abstractions;
using MtlAttack.Core.Attacks.Catalog;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;
using static TorchSharp.torch;

namespace MtlAttack.Grains.Translation;

/// <summary>
/// What an <see cref="EvaluationRequest"/> means in Core: its settings, its checks, the evaluator a model grain plans
/// with and an attack grain runs, and the export of its adversarial examples. Validation is Core's own
/// (EvaluationSettings.Validate, AttackBudget, AttackCatalog, the evaluator's checks); this class only translates.
/// </summary>
public static class EvaluationRequestMapping
{
    /// <summary>
    /// Core's settings for <paramref name="request"/>: a list or step count it leaves null is the default suite's of its
    /// protocol (<see cref="EvaluationProtocols.DefaultSuite"/>).
    /// </summary>
    public static EvaluationSettings Settings(EvaluationRequest request)
    {
        var protocol = EvaluationProtocols.Parse(request.Protocol);
        return Settings(request, protocol, EvaluationProtocols.DefaultSuite(protocol));
    }

    private static EvaluationSettings Settings(EvaluationRequest request, EvaluationProtocol protocol, AttackSuite defaults) => new()
    {
        Algorithms = request.Algorithms ?? defaults.Algorithms,
        Objectives = request.Objectives ?? defaults.Objectives,
        Epsilons = request.Epsilons ?? defaults.Epsilons,
        Steps = request.Steps ?? defaults.Steps,
        RandomStart = request.RandomStart,
        Restarts = request.Restarts,
        Split = request.Split,
        BatchSize = request.BatchSize,
        MaxSamples = request.MaxSamples,
        Seed = request.Seed,
        Protocol = protocol,
    };

    /// <summary>
    /// The checks that need no model: the lists' lengths against <paramref name="limits"/> (when given: a plan already
    /// accepted is not checked again), settings, epsilons, names and the dataset SPEC's syntax.
    /// </summary>
    public static void ValidateRequest(EvaluationRequest request, EvaluationLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        BoundaryErrors.Guard(() =>
        {
            limits?.CheckSettings(Settings(request));
            ModelKey.ValidateName(request.Model.Tenant, "tenant");
            ModelKey.ValidateName(request.Model.Model, "model");
            Settings(request).Validate();
            DatasetSpec.Parse(request.Dataset);
            if (request.SaveAdversarial is < 0 or > EvaluationRequest.MaxSaveAdversarial)
                throw new ArgumentException($"saveAdversarial is {request.SaveAdversarial}; ask for 0 (none) to {EvaluationRequest.MaxSaveAdversarial} examples per cell.");
            if (request.SaveAdversarial > 0 && string.IsNullOrWhiteSpace(request.ReportDirectory))
                throw new ArgumentException("Saving adversarial examples needs a report directory to write them to; give one, or ask for none.");
            return 0;
        });
    }

    /// <summary>
    /// An evaluator for <paramref name="request"/> against <paramref name="model"/> (native or TorchScript: one path):
    /// the dataset must score every head, and the plan fit <paramref name="limits"/> when given (counted before it is built).
    /// </summary>
    public static RobustnessEvaluator CreateEvaluator(AttackableModel model, EvaluationRequest request, Device device, EvaluationLimits? limits = null) =>
        BoundaryErrors.Guard(() =>
        {
            var dataset = DatasetFactory.Open(request.Dataset);
            if (!dataset.Splits.Contains(request.Split))
                throw new ArgumentException($"The dataset {dataset.Description} has no split '{request.Split}'; it has {string.Join(", ", dataset.Splits)}.");
            var target = model.Target(model.TasksFor(dataset));
            return new RobustnessEvaluator(target, dataset, Settings(request), device, limits);
        });

    /// <summary>
    /// Writes the first <see cref="EvaluationRequest.SaveAdversarial"/> adversarial examples of every cell to the
    /// report directory, as the CLI's <c>--save-adversarial</c> does (Core's <see cref="AdversarialExport"/>: cells
    /// already written with the same metadata are skipped, so a resumed evaluation does not redo them). Returns the
    /// examples per cell.
    /// </summary>
    public static int ExportAdversarial(RobustnessEvaluator evaluator, AttackableModel model, AttackAssignment assignment, CancellationToken cancellationToken = default) =>
        BoundaryErrors.Guard(() =>
        {
            var request = assignment.Request;
            var metadata = AdversarialExport.Provenance(assignment.Model.Key.ToString(), ModelContentHash.Of(model), request.Dataset, evaluator.Settings);
            return AdversarialExport.Export(evaluator, DatasetFactory.Open(request.Dataset), request.ReportDirectory!, request.SaveAdversarial,
                metadata, cancellationToken: cancellationToken);
        });
}
