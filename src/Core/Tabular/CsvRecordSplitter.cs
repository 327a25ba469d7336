using System.Text;

namespace RetrainFunctions.Core.Tabular;

/// <summary>
/// Splits the text of one CSV record (RFC 4180: quoted fields, <c>""</c> escapes, newlines inside quotes) into
/// fields. Lenient: meant for records that already passed <see cref="CsvReader"/>'s strict checks.
/// </summary>
internal static class CsvRecordSplitter
{
    public static List<string> Split(string record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var fieldStart = true;
        for (var i = 0; i < record.Length; i++)
        {
            var c = record[i];
            if (quoted)
            {
                if (c != '"')
                {
                    field.Append(c);
                }
                else if (i + 1 < record.Length && record[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"' && fieldStart)
            {
                quoted = true;
                fieldStart = false;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
                fieldStart = true;
            }
            else
            {
                field.Append(c);
                fieldStart = false;
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
