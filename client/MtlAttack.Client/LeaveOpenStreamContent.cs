using System.Net;

namespace MtlAttack.Client;

/// <summary>
/// Sends a stream the caller owns. <see cref="StreamContent"/> would dispose it with the request, which surprises a
/// caller who passed a stream in and still holds it.
/// </summary>
internal sealed class LeaveOpenStreamContent(Stream stream) : HttpContent
{
    protected override Task SerializeToStreamAsync(Stream target, TransportContext? context) =>
        stream.CopyToAsync(target);

    protected override Task SerializeToStreamAsync(Stream target, TransportContext? context, CancellationToken cancellationToken) =>
        stream.CopyToAsync(target, cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = stream.CanSeek ? stream.Length - stream.Position : 0;
        return stream.CanSeek;
    }
}
