using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MtlAttack.Abstractions;
using MtlAttack.Api.Storage;
using MtlAttack.Api.Telemetry;
using MtlAttack.Api.Tenancy;
using MtlAttack.Api.Uploads;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Api.Endpoints;

/// <summary><c>/v1/models</c>: register a checkpoint, list, describe and delete the caller's models.</summary>
public static class ModelEndpoints
{
    public static void Map(RouteGroupBuilder v1)
    {
        var models = v1.MapGroup("/models").WithTags("Models");
        models.MapPost("", Upload).WithName("UploadModel").DisableAntiforgery()
            .Accepts<ModelUploadForm>("multipart/form-data")
            .WithSummary("Registers a model: multipart parts 'spec' (model.json) and 'weights' (weights.safetensors, or the TorchScript file " +
                "a TorchScript model.json names, where the service allows TorchScript), optional 'name' and 'accelerator'.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        models.MapGet("", List).WithName("ListModels");
        models.MapGet("/{id}", Get).WithName("GetModel").ProducesProblem(StatusCodes.Status404NotFound);
        models.MapDelete("/{id}", Delete).WithName("DeleteModel")
            .WithSummary("Unregisters a model and deletes its uploaded checkpoint; reports of its finished evaluations stay.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<Created<ModelInfo>> Upload(HttpContext http, IGrainFactory grains, IOptions<ApiOptions> options, CancellationToken cancellationToken)
    {
        string tenant = CallerTenant.Of(http);
        using var span = ApiTelemetry.Source.StartActivity(ApiTelemetry.Spans.ModelUpload);
        span?.SetTag("mtlattack.tenant", tenant);
        // The server-wide body limit is far below a checkpoint; our own count enforces the real limit part by part.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = options.Value.MaxCheckpointBytes + options.Value.MaxSpecBytes + (1 << 20);

        string tenantFolder = BlobFolders.Models(options.Value, tenant);
        string upload = Guid.NewGuid().ToString("N");
        var received = await CheckpointUpload.ReadAsync(http.Request, Path.Combine(tenantFolder, CheckpointUpload.StagingPrefix + upload), options.Value, cancellationToken);
        string id = received.Name ?? $"m-{upload[..10]}";
        span?.SetTag("mtlattack.model", id);
        span?.SetTag("mtlattack.upload.bytes", new DirectoryInfo(received.Directory).EnumerateFiles().Sum(f => f.Length));
        // Every upload gets its own folder: a model being replaced keeps reading its files until it lets go of them.
        string directory = Path.Combine(tenantFolder, $"{id}.{upload[..10]}");
        try
        {
            Directory.Move(received.Directory, directory);
            var description = await grains.GetGrain<ITenantGrain>(tenant).RegisterModel(id, directory, received.Accelerator, replace: false);
            return TypedResults.Created($"/v1/models/{id}", ApiMapping.ToInfo(description));
        }
        catch (Exception e)
        {
            CheckpointUpload.Discard(received.Directory);
            CheckpointUpload.Discard(directory);
            // The folder is the server's business; the caller knows the files it sent.
            if (e is MtlAttackException refused) throw ApiMapping.WithoutFolder(refused, directory, "the uploaded checkpoint");
            throw;
        }
    }

    private static async Task<Ok<ModelInfo[]>> List(HttpContext http, IGrainFactory grains)
    {
        var models = await grains.GetGrain<ITenantGrain>(CallerTenant.Of(http)).DescribeModels();
        return TypedResults.Ok(models.Select(m => ApiMapping.ToInfo(m, live: false)).ToArray());
    }

    private static async Task<NoContent> Delete(string id, HttpContext http, IGrainFactory grains, IOptions<ApiOptions> options, ILoggerFactory loggers)
    {
        string tenant = CallerTenant.Of(http);
        var removed = await grains.GetGrain<ITenantGrain>(tenant).RemoveModel(id);
        // Only a folder this API made for this tenant: a model registered by other means keeps its checkpoint.
        BlobFolders.DeleteIfBeneath(BlobFolders.Models(options.Value, tenant), removed.CheckpointDirectory, loggers.CreateLogger(typeof(ModelEndpoints)));
        return TypedResults.NoContent();
    }

    private static async Task<Ok<ModelInfo>> Get(string id, HttpContext http, IGrainFactory grains)
    {
        var description = await grains.GetGrain<ITenantGrain>(CallerTenant.Of(http)).DescribeModel(id);
        return TypedResults.Ok(ApiMapping.ToInfo(description));
    }
}

/// <summary>
/// The shape of a <c>POST /v1/models</c> body, for the OpenAPI document only: the endpoint streams the parts itself
/// (<see cref="CheckpointUpload"/>) rather than binding them, so that a large checkpoint never sits in memory.
/// </summary>
/// <param name="Spec">model.json</param>
/// <param name="Weights">weights.safetensors, or the TorchScript archive (e.g. model.pt) that a <c>"format": "torchscript"</c> model.json names</param>
/// <param name="Name">The model id (lower-case letters, digits, '.', '-', '_'); generated when absent.</param>
/// <param name="Accelerator">cuda (default) or cpu: which silos may host it.</param>
public sealed record ModelUploadForm(IFormFile Spec, IFormFile Weights, string? Name, string? Accelerator);
