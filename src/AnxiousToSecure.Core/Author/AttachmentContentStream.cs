using Npgsql;

namespace AnxiousToSecure.Core.Author;

/// <summary>
/// An attachment's bytes as a seekable, read-only stream that fetches them from the database a chunk at
/// a time: a download (or the part of it a <c>Range</c> header asks for) never holds more than one chunk
/// in memory, whatever the file's size.
/// </summary>
public sealed class AttachmentContentStream : Stream
{
    /// <summary>One query per chunk: a 25 MB recording is 25 queries, and 1 MB of memory while it streams.</summary>
    public const int ChunkSize = 1024 * 1024;

    private readonly NpgsqlDataSource dataSource;
    private readonly Guid id;
    private byte[]? chunk;
    private long chunkStart;
    private int chunkLength;
    private long position;

    internal AttachmentContentStream(NpgsqlDataSource dataSource, Guid id, long length)
    {
        this.dataSource = dataSource;
        this.id = id;
        Length = length;
    }

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length { get; }

    public override long Position
    {
        get => position;
        set => position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (position >= Length || buffer.IsEmpty) return 0;
        if (chunk is null || position < chunkStart || position >= chunkStart + chunkLength)
        {
            chunk ??= new byte[(int)Math.Min(ChunkSize, Length)];
            var wanted = (int)Math.Min(chunk.Length, Length - position);
            var read = await AuthorSql.ReadAttachmentSliceAsync(dataSource, id, position, chunk.AsMemory(0, wanted), cancellationToken);
            if (read <= 0) throw new IOException($"Attachment {id} was deleted or replaced while it was being read.");
            chunkStart = position;
            chunkLength = read;
        }
        var offset = (int)(position - chunkStart);
        var count = Math.Min(buffer.Length, chunkLength - offset);
        chunk.AsMemory(offset, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>ASP.NET Core copies files with asynchronous reads; a synchronous caller waits for one.</summary>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        SeekOrigin.End => Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
