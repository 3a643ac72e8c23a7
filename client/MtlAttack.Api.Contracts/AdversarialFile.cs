namespace MtlAttack.Api.Contracts;

/// <summary>
/// One saved file of an evaluation's adversarial examples (<c>GET /v1/evaluations/{id}/adversarial</c>). Every cell
/// has two, named after it as <c>ALGORITHM-OBJECTIVE-epsEPS</c> (<c>fgsm-dgba-eps4</c>, <c>pgd-single_normal-eps8</c>
/// for single(normal)): <c>.png</c>, a strip of clean image, adversarial image, perturbation and every task's
/// output, and <c>.safetensors</c>, the tensors <c>clean</c> and <c>adversarial</c> (float32 [N,3,H,W], 0..255 pixel
/// units) with the attack's settings in its metadata.
/// </summary>
/// <param name="Name">The file name, to download with <c>GET /v1/evaluations/{id}/adversarial/{name}</c>.</param>
/// <param name="MediaType"><see cref="AdversarialMediaTypes.Png"/> or <see cref="AdversarialMediaTypes.SafeTensors"/>.</param>
/// <param name="Bytes">The file's size.</param>
public sealed record AdversarialFile(string Name, string MediaType, long Bytes);

/// <summary>The media types of <see cref="AdversarialFile"/>s.</summary>
public static class AdversarialMediaTypes
{
    public const string Png = "image/png";

    /// <summary>safetensors has no registered media type; its files are served as plain bytes.</summary>
    public const string SafeTensors = "application/octet-stream";
}
