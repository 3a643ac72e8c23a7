using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MtlAttack.Abstractions;
using MtlAttack.Api.Endpoints;
using MtlAttack.Api.Contracts;
using static MtlAttack.Api.Contracts.ModelFolderLayout;

namespace MtlAttack.Api.Uploads;

/// <summary>
/// Reads a <c>POST /v1/models</c> body (multipart: <c>spec</c> = model.json, <c>weights</c> = weights.safetensors or,
/// for a TorchScript model, the archive model.json names; optional <c>name</c> and <c>accelerator</c>) straight into a
/// new model folder, streaming the files so memory stays flat and stopping at the size limits. The weights part is
/// stored under the name model.json gives it (<see cref="ModelFolderLayout"/>) once both have arrived, in whichever
/// order. On any failure the folder is deleted: nothing half-uploaded stays.
/// </summary>
public static class CheckpointUpload
{
    /// <summary>Where the weights part is written until model.json, which may come after it, says its name.</summary>
    private const string ReceivingFile = ".weights.part";

    /// <summary>How an upload's staging folder (beside the tenant's checkpoints) begins; renamed to the checkpoint's once complete.</summary>
    public const string StagingPrefix = ".upload-";

    private const int MaxFieldLength = 256;

    public sealed record Received(string Directory, string? Name, string Accelerator);

    public static async Task<Received> ReadAsync(HttpRequest request, string directory, ApiOptions options, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
            throw new HttpProblemException(StatusCodes.Status415UnsupportedMediaType,
                $"Send the model as multipart/form-data with the parts 'spec' ({SpecFileName}) and 'weights' ({WeightsFileName}); got '{request.ContentType ?? "no content type"}'.");

        Directory.CreateDirectory(directory);
        try
        {
            string? name = null, accelerator = null;
            bool spec = false, weights = false;
            var reader = new MultipartReader(boundary, request.Body);
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    throw new HttpProblemException(StatusCodes.Status400BadRequest, "Every part of the upload needs a Content-Disposition: form-data header with a name.");
                string part = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                switch (part)
                {
                    case ModelUploadFields.Spec:
                        await CopyAsync(section.Body, Path.Combine(directory, SpecFileName), options.MaxSpecBytes, "spec (model.json)", cancellationToken);
                        spec = true;
                        break;
                    case ModelUploadFields.Weights:
                        await CopyAsync(section.Body, Path.Combine(directory, ReceivingFile), options.MaxCheckpointBytes, "weights (weights.safetensors or the TorchScript file)", cancellationToken);
                        weights = true;
                        break;
                    case ModelUploadFields.Name:
                        name = await ReadFieldAsync(section.Body, part, cancellationToken);
                        break;
                    case ModelUploadFields.Accelerator:
                        accelerator = await ReadFieldAsync(section.Body, part, cancellationToken);
                        break;
                    default:
                        throw new HttpProblemException(StatusCodes.Status400BadRequest, $"Unknown part '{part}': send '{ModelUploadFields.Spec}', '{ModelUploadFields.Weights}', and optionally '{ModelUploadFields.Name}' and '{ModelUploadFields.Accelerator}'.");
                }
            }
            if (!spec || !weights)
                throw new HttpProblemException(StatusCodes.Status400BadRequest,
                    $"The upload lacks the part{(spec || weights ? "" : "s")} {string.Join(" and ", new[] { spec ? null : $"'{ModelUploadFields.Spec}' ({SpecFileName})", weights ? null : $"'{ModelUploadFields.Weights}' ({WeightsFileName})" }.OfType<string>())}.");
            if (name is not null) ModelKey.ValidateName(name, "model");
            File.Move(Path.Combine(directory, ReceivingFile), Path.Combine(directory, ModelFileOf(Path.Combine(directory, SpecFileName))));
            return new Received(directory, name, Accelerators.Normalize(accelerator ?? Accelerators.Cuda));
        }
        catch
        {
            Discard(directory);
            throw;
        }
    }

    private static string ModelFileOf(string specPath)
    {
        try { return ModelFolderLayout.ModelFileOf(File.ReadAllText(specPath)); }
        catch (InvalidDataException e) { throw new HttpProblemException(StatusCodes.Status400BadRequest, e.Message); }
    }

    /// <summary>
    /// Removes an upload's folder; a failure to do so must not hide the error that caused it, so it only makes the
    /// answer false (the folder is still there).
    /// </summary>
    public static bool Discard(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static async Task CopyAsync(Stream source, string path, long limit, string what, CancellationToken cancellationToken)
    {
        await using var target = File.Create(path);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
                throw new HttpProblemException(StatusCodes.Status413PayloadTooLarge,
                    $"The {what} part is larger than this server's limit of {limit:N0} bytes; the operator sets it with MtlAttack:Api:MaxCheckpointBytes.");
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        if (total == 0) throw new HttpProblemException(StatusCodes.Status400BadRequest, $"The {what} part is empty.");
    }

    private static async Task<string> ReadFieldAsync(Stream body, string part, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(body);
        var buffer = new char[MaxFieldLength + 1];
        int length = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (length > MaxFieldLength) throw new HttpProblemException(StatusCodes.Status400BadRequest, $"The '{part}' part is longer than {MaxFieldLength} characters.");
        return new string(buffer, 0, length).Trim();
    }
}
