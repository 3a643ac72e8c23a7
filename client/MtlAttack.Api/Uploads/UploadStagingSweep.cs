using Microsoft.Extensions.Options;
using MtlAttack.Api.Storage;

namespace MtlAttack.Api.Uploads;

/// <summary>
/// At start, removes the staging folders (<c>models/TENANT/.upload-GUID/</c>) of uploads that a process killed mid-upload
/// left behind: an upload lives as long as its request, so a staging folder nothing was written to since before this
/// run started belongs to no request. An upload another API process on the same blob path is streaming now is being
/// written to, and is kept.
/// </summary>
public sealed class UploadStagingSweep(IOptions<ApiOptions> options, TimeProvider time, ILogger<UploadStagingSweep> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Sweep(BlobFolders.AllModels(options.Value), time.GetUtcNow().UtcDateTime, logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Removes the staging folders under <paramref name="modelsRoot"/> last written before <paramref name="startedUtc"/>; returns how many.</summary>
    public static int Sweep(string modelsRoot, DateTime startedUtc, ILogger logger)
    {
        if (!Directory.Exists(modelsRoot)) return 0;
        int removed = 0;
        foreach (var tenant in Directory.EnumerateDirectories(modelsRoot))
            foreach (var staging in Directory.EnumerateDirectories(tenant, CheckpointUpload.StagingPrefix + "*"))
            {
                if (LastWrittenUtc(staging) >= startedUtc) continue;
                if (CheckpointUpload.Discard(staging)) removed++;
                else logger.LogWarning("Could not delete {Folder}, left by an upload that never finished; delete it by hand to free the space.", staging);
            }
        if (removed > 0) logger.LogInformation("Removed {Count} upload staging folder(s) left by uploads that never finished", removed);
        return removed;
    }

    private static DateTime LastWrittenUtc(string folder) =>
        new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .Select(entry => entry.LastWriteTimeUtc)
            .Append(Directory.GetLastWriteTimeUtc(folder))
            .Max();
}
