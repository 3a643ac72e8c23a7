using System.Net.Http.Headers;

namespace MtlAttack.Api.Tests;

/// <summary>Builds <c>POST /v1/models</c> bodies part by part, so tests can send what the SDK never would.</summary>
internal static class Uploads
{
    public static MultipartFormDataContent Form(string? specPath, string? weightsPath, string? name = null, string? accelerator = null) =>
        Form(specPath is null ? null : System.IO.File.ReadAllBytes(specPath), weightsPath is null ? null : System.IO.File.ReadAllBytes(weightsPath), name, accelerator);

    public static MultipartFormDataContent Form(byte[]? spec, byte[]? weights, string? name = null, string? accelerator = null)
    {
        var form = new MultipartFormDataContent();
        if (spec is not null) form.Add(Part(spec, "application/json"), "spec", "model.json");
        if (weights is not null) form.Add(Part(weights, "application/octet-stream"), "weights", "weights.safetensors");
        if (name is not null) form.Add(new StringContent(name), "name");
        if (accelerator is not null) form.Add(new StringContent(accelerator), "accelerator");
        return form;
    }

    public static string Spec(string checkpoint) => Path.Combine(checkpoint, "model.json");

    public static string Weights(string checkpoint) => Path.Combine(checkpoint, "weights.safetensors");

    private static ByteArrayContent Part(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }
}
