using Microsoft.AspNetCore.Http.HttpResults;
using MtlAttack.Abstractions;
using MtlAttack.Api.Storage;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Api.Endpoints;

/// <summary>
/// <c>/v1/evaluations/{id}/adversarial</c>: the adversarial examples a completed evaluation saved
/// (<see cref="StartEvaluationRequest.SaveAdversarial"/>), listed and downloaded by name.
/// </summary>
public static class AdversarialEndpoints
{
    private const string Product = "adversarial examples";

    public static void Map(RouteGroupBuilder evaluations)
    {
        evaluations.MapGet("/{id}/adversarial", List).WithName("ListAdversarialExamples")
            .WithSummary("The adversarial example files of a completed evaluation: a PNG strip and a safetensors file per cell; empty when none were asked for.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        evaluations.MapGet("/{id}/adversarial/{file}", Download).WithName("GetAdversarialExample")
            .WithSummary("One file the listing names: image/png or application/octet-stream (safetensors).")
            .Produces<Stream>(StatusCodes.Status200OK, AdversarialMediaTypes.Png, AdversarialMediaTypes.SafeTensors)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<AdversarialFile[]>> List(string id, HttpContext http, IGrainFactory grains) =>
        TypedResults.Ok(AdversarialFolder.List((await CompletedAsync(http, grains, id)).ReportDirectory));

    private static async Task<PhysicalFileHttpResult> Download(string id, string file, HttpContext http, IGrainFactory grains)
    {
        var status = await CompletedAsync(http, grains, id);
        var (listed, path) = AdversarialFolder.Find(status.ReportDirectory, file)
            ?? throw new MtlAttackException($"Evaluation {id} has no adversarial example file '{file}'; GET /v1/evaluations/{id}/adversarial lists its files.",
                MtlAttackErrorKind.NotFound);
        return TypedResults.PhysicalFile(path, listed.MediaType, fileDownloadName: listed.Name);
    }

    // Files are served only once the evaluation has completed: before that the export may still be writing them.
    private static async Task<EvaluationStatus> CompletedAsync(HttpContext http, IGrainFactory grains, string id)
    {
        var status = await (await EvaluationEndpoints.Owned(http, grains, id)).GetStatus();
        return status.State == EvaluationState.Completed ? status : throw EvaluationEndpoints.NotReady(status, Product);
    }
}
