namespace RetrainFunctions.Core.Validation;

/// <summary>The checks validation runs.</summary>
public enum ValidationCheck
{
    /// <summary>The file cannot be read as CSV (encoding, binary content, ragged rows, quoting).</summary>
    Format,

    /// <summary>The file has no data rows, or fewer than the minimum.</summary>
    RowCount,

    /// <summary>A column the spec needs is missing from the header.</summary>
    MissingColumn,

    /// <summary>The header names a column twice.</summary>
    DuplicateColumn,

    /// <summary>A numeric column holds values that do not parse as numbers.</summary>
    Type,

    /// <summary>A feature column has more missing values than allowed.</summary>
    MissingValues,

    /// <summary>Label values are missing, or not valid for the task.</summary>
    Label,

    /// <summary>The timestamp column holds values that do not parse.</summary>
    Timestamp,

    /// <summary>A column the spec does not know; ignored.</summary>
    ExtraColumn,

    /// <summary>Numeric values fall outside the reference range (widened by <c>validation.rangeMargin</c>).</summary>
    OutOfRange,

    /// <summary>A categorical column holds values the reference never saw.</summary>
    UnseenCategory,

    /// <summary>A feature holds a single value in the whole batch.</summary>
    ConstantColumn,

    /// <summary>Rows repeat earlier rows of the batch.</summary>
    DuplicateRows,

    /// <summary>The label holds classes the reference never saw.</summary>
    UnseenLabel,

    /// <summary>A single feature predicts the label almost perfectly: it may be computed from the outcome.</summary>
    LabelLeakage,

    /// <summary>The file is larger than the collection limit (<c>Collection:MaxFileBytes</c>).</summary>
    FileSize,

    /// <summary>
    /// The production model disagrees with the batch's labels far more than expected, and models trained on half of the
    /// batch predict the other half no better: the labels look corrupted (flipped, shifted, mis-joined), not a new concept.
    /// </summary>
    LabelAgreement,
}
