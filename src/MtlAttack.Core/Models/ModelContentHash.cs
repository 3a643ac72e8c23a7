using System.Security.Cryptography;

namespace MtlAttack.Core.Models;

/// <summary>
/// SHA-256 over a model's files (model.json first): names these exact weights wherever the folder is moved, so saved
/// evaluation progress is never resumed against a retrained model.
/// </summary>
public static class ModelContentHash
{
    public static string Of(AttackableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var path in model.Files)
        {
            using var stream = File.OpenRead(path);
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
