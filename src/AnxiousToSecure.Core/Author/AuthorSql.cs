using Npgsql;

namespace AnxiousToSecure.Core.Author;

/// <summary>The raw SQL of authoring: reading a slice of an attachment's bytes without loading the rest.</summary>
internal static class AuthorSql
{
    /// <summary>
    /// Up to <paramref name="into"/>'s length of the attachment's bytes from <paramref name="offset"/>;
    /// returns how many were read, or -1 when the attachment is gone (deleted or replaced meanwhile).
    /// </summary>
    public static async Task<int> ReadAttachmentSliceAsync(NpgsqlDataSource dataSource, Guid id, long offset, Memory<byte> into, CancellationToken ct)
    {
        // substring counts from 1; on a value stored uncompressed (PDFs, audio and video do not compress)
        // PostgreSQL reads only the TOAST chunks of the slice.
        await using var command = dataSource.CreateCommand("""SELECT substring("Content" FROM $1 FOR $2) FROM "LessonAttachments" WHERE "Id" = $3""");
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = checked((int)offset + 1) }); // attachments are at most 25 MB
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = into.Length });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess | System.Data.CommandBehavior.SingleRow, ct);
        if (!await reader.ReadAsync(ct)) return -1;
        await using var bytes = await reader.GetStreamAsync(0, ct);
        var read = 0;
        while (read < into.Length)
        {
            var n = await bytes.ReadAsync(into[read..], ct);
            if (n == 0) break;
            read += n;
        }
        return read;
    }
}
