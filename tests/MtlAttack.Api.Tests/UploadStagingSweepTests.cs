using Microsoft.Extensions.Logging.Abstractions;
using MtlAttack.Api.Contracts;
using MtlAttack.Api.Storage;
using MtlAttack.Api.Uploads;
using MtlAttack.Grains.Tests;

namespace MtlAttack.Api.Tests;

/// <summary>A process killed mid-upload leaves a staging folder; the next start removes it, and nothing else.</summary>
public sealed class UploadStagingSweepTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void StagingFoldersOlderThanThisRunAreRemovedAndEverythingElseKept()
    {
        var options = new ApiOptions { BlobPath = root.Sub("blobs") };
        var started = new DateTime(2026, 12, 4, 12, 0, 0, DateTimeKind.Utc);
        string killed = Staging(options, "acme", "0f0f", written: started.AddHours(-2));
        string otherTenantKilled = Staging(options, "beta", "1e1e", written: started.AddSeconds(-1));
        // Still being written (another API process on the same blob path): its weights were written after this run began.
        string streaming = Staging(options, "acme", "2d2d", written: started.AddHours(-2), weightsWritten: started.AddSeconds(5));
        string model = Directory.CreateDirectory(Path.Combine(BlobFolders.Models(options, "acme"), "tiny.0123456789")).FullName;
        Directory.SetLastWriteTimeUtc(model, started.AddDays(-1));

        Assert.Equal(2, UploadStagingSweep.Sweep(BlobFolders.AllModels(options), started, NullLogger.Instance));

        Assert.False(Directory.Exists(killed));
        Assert.False(Directory.Exists(otherTenantKilled));
        Assert.True(Directory.Exists(streaming));
        Assert.True(Directory.Exists(model));
    }

    [Fact]
    public void ABlobPathWithNoUploadsYetIsNoError() =>
        Assert.Equal(0, UploadStagingSweep.Sweep(root.Sub("never-created"), DateTime.UtcNow, NullLogger.Instance));

    private static string Staging(ApiOptions options, string tenant, string upload, DateTime written, DateTime? weightsWritten = null)
    {
        string folder = Directory.CreateDirectory(Path.Combine(BlobFolders.Models(options, tenant), CheckpointUpload.StagingPrefix + upload)).FullName;
        string weights = Path.Combine(folder, ModelFolderLayout.WeightsFileName);
        File.WriteAllBytes(weights, [1, 2, 3]);
        File.SetLastWriteTimeUtc(weights, weightsWritten ?? written);
        Directory.SetLastWriteTimeUtc(folder, written);
        return folder;
    }
}
