namespace MtlAttack.Api.Contracts;

/// <summary>The parts of the multipart form of <c>POST /v1/models</c>.</summary>
public static class ModelUploadFields
{
    /// <summary>model.json (<see cref="ModelFolderLayout.SpecFileName"/>).</summary>
    public const string Spec = "spec";

    /// <summary>The file model.json says holds the model (<see cref="ModelFolderLayout.ModelFileOf"/>).</summary>
    public const string Weights = "weights";

    /// <summary>Optional: the model id to register under; the server picks one when absent.</summary>
    public const string Name = "name";

    /// <summary>Optional: the silo kind to host the model on, cuda or cpu; the server takes cuda when absent.</summary>
    public const string Accelerator = "accelerator";
}
