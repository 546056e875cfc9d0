/*
 * api_calls.h: every exported ODBC entry point, one line each, for
 * api_log.c: its name, the handle its log line is about (a handle type and
 * the argument), its parameters, the argument list to pass on, and the
 * printf format of the arguments a log line shows.
 *
 * SQLCancel's handle type is DRV_LOG_LIVE_STMT: it may race SQLFreeHandle on
 * another thread, so its statement is looked up in the live list (timeout.c)
 * instead of being read.
 *
 * String arguments show as pointers: the SQL text reaches the log from the
 * protocol hook (pgw.h) and the connection string from connect.c, both
 * after redaction, so no string an application passes is copied from here.
 *
 * The implementations are the drv_api_<name> functions in api_*.c (their
 * definitions are spelled DRV_API(<name>)). A new entry point gets a line
 * here; the include site defines DRV_CALL, DRV_CALL_CONNECT (the connect
 * calls) and DRV_CALL_ALLOC (SQLAllocHandle: the new handle is shown) first.
 */
DRV_CALL(SQLSetEnvAttr, SQL_HANDLE_ENV, EnvironmentHandle,
         (SQLHENV EnvironmentHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER StringLength),
         (EnvironmentHandle, Attribute, Value, StringLength),
         "SQLSetEnvAttr(Attribute=%d, Value=%p, StringLength=%d)", (int)Attribute, (void *)Value, (int)StringLength)
DRV_CALL(SQLGetEnvAttr, SQL_HANDLE_ENV, EnvironmentHandle,
         (SQLHENV EnvironmentHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER BufferLength, SQLINTEGER *StringLength),
         (EnvironmentHandle, Attribute, Value, BufferLength, StringLength),
         "SQLGetEnvAttr(Attribute=%d, Value=%p, BufferLength=%d, StringLength=%p)", (int)Attribute, (void *)Value, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLSetConnectAttr, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER StringLength),
         (ConnectionHandle, Attribute, Value, StringLength),
         "SQLSetConnectAttr(Attribute=%d, Value=%p, StringLength=%d)", (int)Attribute, (void *)Value, (int)StringLength)
DRV_CALL(SQLSetConnectAttrW, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER StringLength),
         (ConnectionHandle, Attribute, Value, StringLength),
         "SQLSetConnectAttrW(Attribute=%d, Value=%p, StringLength=%d)", (int)Attribute, (void *)Value, (int)StringLength)
DRV_CALL(SQLGetConnectAttr, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER BufferLength, SQLINTEGER *StringLength),
         (ConnectionHandle, Attribute, Value, BufferLength, StringLength),
         "SQLGetConnectAttr(Attribute=%d, Value=%p, BufferLength=%d, StringLength=%p)", (int)Attribute, (void *)Value, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLGetConnectAttrW, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER BufferLength, SQLINTEGER *StringLength),
         (ConnectionHandle, Attribute, Value, BufferLength, StringLength),
         "SQLGetConnectAttrW(Attribute=%d, Value=%p, BufferLength=%d, StringLength=%p)", (int)Attribute, (void *)Value, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLSetStmtAttr, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER StringLength),
         (StatementHandle, Attribute, Value, StringLength),
         "SQLSetStmtAttr(Attribute=%d, Value=%p, StringLength=%d)", (int)Attribute, (void *)Value, (int)StringLength)
DRV_CALL(SQLSetStmtAttrW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER StringLength),
         (StatementHandle, Attribute, Value, StringLength),
         "SQLSetStmtAttrW(Attribute=%d, Value=%p, StringLength=%d)", (int)Attribute, (void *)Value, (int)StringLength)
DRV_CALL(SQLGetStmtAttr, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER BufferLength, SQLINTEGER *StringLength),
         (StatementHandle, Attribute, Value, BufferLength, StringLength),
         "SQLGetStmtAttr(Attribute=%d, Value=%p, BufferLength=%d, StringLength=%p)", (int)Attribute, (void *)Value, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLGetStmtAttrW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLINTEGER Attribute, SQLPOINTER Value, SQLINTEGER BufferLength, SQLINTEGER *StringLength),
         (StatementHandle, Attribute, Value, BufferLength, StringLength),
         "SQLGetStmtAttrW(Attribute=%d, Value=%p, BufferLength=%d, StringLength=%p)", (int)Attribute, (void *)Value, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLEndTran, HandleType, Handle,
         (SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT CompletionType),
         (HandleType, Handle, CompletionType),
         "SQLEndTran(HandleType=%d, Handle=%p, CompletionType=%d)", (int)HandleType, (void *)Handle, (int)CompletionType)
DRV_CALL(SQLGetTypeInfo, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLSMALLINT DataType),
         (StatementHandle, DataType),
         "SQLGetTypeInfo(DataType=%d)", (int)DataType)
DRV_CALL(SQLGetTypeInfoW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLSMALLINT DataType),
         (StatementHandle, DataType),
         "SQLGetTypeInfoW(DataType=%d)", (int)DataType)
DRV_CALL(SQLTables, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen, SQLCHAR *Type, SQLSMALLINT TypeLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Type, TypeLen),
         "SQLTables(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Type=%p, TypeLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Type, (int)TypeLen)
DRV_CALL(SQLTablesW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen, SQLWCHAR *Type, SQLSMALLINT TypeLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Type, TypeLen),
         "SQLTablesW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Type=%p, TypeLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Type, (int)TypeLen)
DRV_CALL(SQLColumns, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen, SQLCHAR *Column, SQLSMALLINT ColumnLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Column, ColumnLen),
         "SQLColumns(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Column=%p, ColumnLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Column, (int)ColumnLen)
DRV_CALL(SQLColumnsW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen, SQLWCHAR *Column, SQLSMALLINT ColumnLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Column, ColumnLen),
         "SQLColumnsW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Column=%p, ColumnLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Column, (int)ColumnLen)
DRV_CALL(SQLColumnPrivileges, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen, SQLCHAR *Column, SQLSMALLINT ColumnLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Column, ColumnLen),
         "SQLColumnPrivileges(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Column=%p, ColumnLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Column, (int)ColumnLen)
DRV_CALL(SQLColumnPrivilegesW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen, SQLWCHAR *Column, SQLSMALLINT ColumnLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Column, ColumnLen),
         "SQLColumnPrivilegesW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Column=%p, ColumnLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Column, (int)ColumnLen)
DRV_CALL(SQLPrimaryKeys, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen),
         "SQLPrimaryKeys(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen)
DRV_CALL(SQLPrimaryKeysW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen),
         "SQLPrimaryKeysW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen)
DRV_CALL(SQLTablePrivileges, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen),
         "SQLTablePrivileges(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen)
DRV_CALL(SQLTablePrivilegesW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen),
         "SQLTablePrivilegesW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen)
DRV_CALL(SQLProcedures, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen),
         "SQLProcedures(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen)
DRV_CALL(SQLProceduresW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen),
         "SQLProceduresW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen)
DRV_CALL(SQLProcedureColumns, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen, SQLCHAR *Column, SQLSMALLINT ColumnLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Column, ColumnLen),
         "SQLProcedureColumns(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Column=%p, ColumnLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Column, (int)ColumnLen)
DRV_CALL(SQLProcedureColumnsW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen, SQLWCHAR *Column, SQLSMALLINT ColumnLen),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Column, ColumnLen),
         "SQLProcedureColumnsW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Column=%p, ColumnLen=%d)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (void *)Column, (int)ColumnLen)
DRV_CALL(SQLStatistics, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen, SQLUSMALLINT Unique, SQLUSMALLINT Reserved),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Unique, Reserved),
         "SQLStatistics(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Unique=%u, Reserved=%u)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (unsigned)Unique, (unsigned)Reserved)
DRV_CALL(SQLStatisticsW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen, SQLUSMALLINT Unique, SQLUSMALLINT Reserved),
         (StatementHandle, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Unique, Reserved),
         "SQLStatisticsW(Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Unique=%u, Reserved=%u)", (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (unsigned)Unique, (unsigned)Reserved)
DRV_CALL(SQLSpecialColumns, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLUSMALLINT IdentifierType, SQLCHAR *Cat, SQLSMALLINT CatLen, SQLCHAR *Schema, SQLSMALLINT SchemaLen, SQLCHAR *Table, SQLSMALLINT TableLen, SQLUSMALLINT Scope, SQLUSMALLINT Nullable),
         (StatementHandle, IdentifierType, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Scope, Nullable),
         "SQLSpecialColumns(IdentifierType=%u, Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Scope=%u, Nullable=%u)", (unsigned)IdentifierType, (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (unsigned)Scope, (unsigned)Nullable)
DRV_CALL(SQLSpecialColumnsW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLUSMALLINT IdentifierType, SQLWCHAR *Cat, SQLSMALLINT CatLen, SQLWCHAR *Schema, SQLSMALLINT SchemaLen, SQLWCHAR *Table, SQLSMALLINT TableLen, SQLUSMALLINT Scope, SQLUSMALLINT Nullable),
         (StatementHandle, IdentifierType, Cat, CatLen, Schema, SchemaLen, Table, TableLen, Scope, Nullable),
         "SQLSpecialColumnsW(IdentifierType=%u, Cat=%p, CatLen=%d, Schema=%p, SchemaLen=%d, Table=%p, TableLen=%d, Scope=%u, Nullable=%u)", (unsigned)IdentifierType, (void *)Cat, (int)CatLen, (void *)Schema, (int)SchemaLen, (void *)Table, (int)TableLen, (unsigned)Scope, (unsigned)Nullable)
DRV_CALL(SQLForeignKeys, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLCHAR *PkCat, SQLSMALLINT PkCatLen, SQLCHAR *PkSchema, SQLSMALLINT PkSchemaLen, SQLCHAR *PkTable, SQLSMALLINT PkTableLen, SQLCHAR *FkCat, SQLSMALLINT FkCatLen, SQLCHAR *FkSchema, SQLSMALLINT FkSchemaLen, SQLCHAR *FkTable, SQLSMALLINT FkTableLen),
         (StatementHandle, PkCat, PkCatLen, PkSchema, PkSchemaLen, PkTable, PkTableLen, FkCat, FkCatLen, FkSchema, FkSchemaLen, FkTable, FkTableLen),
         "SQLForeignKeys(PkCat=%p, PkCatLen=%d, PkSchema=%p, PkSchemaLen=%d, PkTable=%p, PkTableLen=%d, FkCat=%p, FkCatLen=%d, FkSchema=%p, FkSchemaLen=%d, FkTable=%p, FkTableLen=%d)", (void *)PkCat, (int)PkCatLen, (void *)PkSchema, (int)PkSchemaLen, (void *)PkTable, (int)PkTableLen, (void *)FkCat, (int)FkCatLen, (void *)FkSchema, (int)FkSchemaLen, (void *)FkTable, (int)FkTableLen)
DRV_CALL(SQLForeignKeysW, SQL_HANDLE_STMT, StatementHandle,
         (SQLHSTMT StatementHandle, SQLWCHAR *PkCat, SQLSMALLINT PkCatLen, SQLWCHAR *PkSchema, SQLSMALLINT PkSchemaLen, SQLWCHAR *PkTable, SQLSMALLINT PkTableLen, SQLWCHAR *FkCat, SQLSMALLINT FkCatLen, SQLWCHAR *FkSchema, SQLSMALLINT FkSchemaLen, SQLWCHAR *FkTable, SQLSMALLINT FkTableLen),
         (StatementHandle, PkCat, PkCatLen, PkSchema, PkSchemaLen, PkTable, PkTableLen, FkCat, FkCatLen, FkSchema, FkSchemaLen, FkTable, FkTableLen),
         "SQLForeignKeysW(PkCat=%p, PkCatLen=%d, PkSchema=%p, PkSchemaLen=%d, PkTable=%p, PkTableLen=%d, FkCat=%p, FkCatLen=%d, FkSchema=%p, FkSchemaLen=%d, FkTable=%p, FkTableLen=%d)", (void *)PkCat, (int)PkCatLen, (void *)PkSchema, (int)PkSchemaLen, (void *)PkTable, (int)PkTableLen, (void *)FkCat, (int)FkCatLen, (void *)FkSchema, (int)FkSchemaLen, (void *)FkTable, (int)FkTableLen)
DRV_CALL_CONNECT(SQLConnect, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLCHAR *ServerName, SQLSMALLINT NameLength1, SQLCHAR *UserName, SQLSMALLINT NameLength2, SQLCHAR *Authentication, SQLSMALLINT NameLength3),
         (ConnectionHandle, ServerName, NameLength1, UserName, NameLength2, Authentication, NameLength3),
         "SQLConnect(ServerName=%p, NameLength1=%d, UserName=%p, NameLength2=%d, Authentication=%p, NameLength3=%d)", (void *)ServerName, (int)NameLength1, (void *)UserName, (int)NameLength2, (void *)Authentication, (int)NameLength3)
DRV_CALL_CONNECT(SQLConnectW, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLWCHAR *ServerName, SQLSMALLINT NameLength1, SQLWCHAR *UserName, SQLSMALLINT NameLength2, SQLWCHAR *Authentication, SQLSMALLINT NameLength3),
         (ConnectionHandle, ServerName, NameLength1, UserName, NameLength2, Authentication, NameLength3),
         "SQLConnectW(ServerName=%p, NameLength1=%d, UserName=%p, NameLength2=%d, Authentication=%p, NameLength3=%d)", (void *)ServerName, (int)NameLength1, (void *)UserName, (int)NameLength2, (void *)Authentication, (int)NameLength3)
DRV_CALL_CONNECT(SQLDriverConnect, SQL_HANDLE_DBC, hdbc,
         (SQLHDBC hdbc, SQLHWND hwnd, SQLCHAR *szConnStrIn, SQLSMALLINT cbConnStrIn, SQLCHAR *szConnStrOut, SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut, SQLUSMALLINT fDriverCompletion),
         (hdbc, hwnd, szConnStrIn, cbConnStrIn, szConnStrOut, cbConnStrOutMax, pcbConnStrOut, fDriverCompletion),
         "SQLDriverConnect(szConnStrIn=%p, cbConnStrIn=%d, szConnStrOut=%p, cbConnStrOutMax=%d, pcbConnStrOut=%p, fDriverCompletion=%u)", (void *)szConnStrIn, (int)cbConnStrIn, (void *)szConnStrOut, (int)cbConnStrOutMax, (void *)pcbConnStrOut, (unsigned)fDriverCompletion)
DRV_CALL_CONNECT(SQLDriverConnectW, SQL_HANDLE_DBC, hdbc,
         (SQLHDBC hdbc, SQLHWND hwnd, SQLWCHAR *szConnStrIn, SQLSMALLINT cbConnStrIn, SQLWCHAR *szConnStrOut, SQLSMALLINT cbConnStrOutMax, SQLSMALLINT *pcbConnStrOut, SQLUSMALLINT fDriverCompletion),
         (hdbc, hwnd, szConnStrIn, cbConnStrIn, szConnStrOut, cbConnStrOutMax, pcbConnStrOut, fDriverCompletion),
         "SQLDriverConnectW(szConnStrIn=%p, cbConnStrIn=%d, szConnStrOut=%p, cbConnStrOutMax=%d, pcbConnStrOut=%p, fDriverCompletion=%u)", (void *)szConnStrIn, (int)cbConnStrIn, (void *)szConnStrOut, (int)cbConnStrOutMax, (void *)pcbConnStrOut, (unsigned)fDriverCompletion)
DRV_CALL(SQLDisconnect, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle),
         (ConnectionHandle),
         "SQLDisconnect()")
DRV_CALL(SQLSetCursorName, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLCHAR *name, SQLSMALLINT len),
         (h, name, len),
         "SQLSetCursorName(name=%p, len=%d)", (void *)name, (int)len)
DRV_CALL(SQLSetCursorNameW, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLWCHAR *name, SQLSMALLINT len),
         (h, name, len),
         "SQLSetCursorNameW(name=%p, len=%d)", (void *)name, (int)len)
DRV_CALL(SQLGetCursorName, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLCHAR *name, SQLSMALLINT buflen, SQLSMALLINT *outlen),
         (h, name, buflen, outlen),
         "SQLGetCursorName(name=%p, buflen=%d, outlen=%p)", (void *)name, (int)buflen, (void *)outlen)
DRV_CALL(SQLGetCursorNameW, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLWCHAR *name, SQLSMALLINT buflen, SQLSMALLINT *outlen),
         (h, name, buflen, outlen),
         "SQLGetCursorNameW(name=%p, buflen=%d, outlen=%p)", (void *)name, (int)buflen, (void *)outlen)
DRV_CALL(SQLGetDescField, SQL_HANDLE_DESC, h,
         (SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER buflen, SQLINTEGER *outlen),
         (h, rec, field, value, buflen, outlen),
         "SQLGetDescField(rec=%d, field=%d, value=%p, buflen=%d, outlen=%p)", (int)rec, (int)field, (void *)value, (int)buflen, (void *)outlen)
DRV_CALL(SQLGetDescFieldW, SQL_HANDLE_DESC, h,
         (SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER buflen, SQLINTEGER *outlen),
         (h, rec, field, value, buflen, outlen),
         "SQLGetDescFieldW(rec=%d, field=%d, value=%p, buflen=%d, outlen=%p)", (int)rec, (int)field, (void *)value, (int)buflen, (void *)outlen)
DRV_CALL(SQLSetDescField, SQL_HANDLE_DESC, h,
         (SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER buflen),
         (h, rec, field, value, buflen),
         "SQLSetDescField(rec=%d, field=%d, value=%p, buflen=%d)", (int)rec, (int)field, (void *)value, (int)buflen)
DRV_CALL(SQLSetDescFieldW, SQL_HANDLE_DESC, h,
         (SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER buflen),
         (h, rec, field, value, buflen),
         "SQLSetDescFieldW(rec=%d, field=%d, value=%p, buflen=%d)", (int)rec, (int)field, (void *)value, (int)buflen)
DRV_CALL(SQLGetDescRec, SQL_HANDLE_DESC, h,
         (SQLHDESC h, SQLSMALLINT rec, SQLCHAR *name, SQLSMALLINT buflen, SQLSMALLINT *namelen, SQLSMALLINT *type, SQLSMALLINT *subtype, SQLLEN *length, SQLSMALLINT *precision, SQLSMALLINT *scale, SQLSMALLINT *nullable),
         (h, rec, name, buflen, namelen, type, subtype, length, precision, scale, nullable),
         "SQLGetDescRec(rec=%d, name=%p, buflen=%d, namelen=%p, type=%p, subtype=%p, length=%p, precision=%p, scale=%p, nullable=%p)", (int)rec, (void *)name, (int)buflen, (void *)namelen, (void *)type, (void *)subtype, (void *)length, (void *)precision, (void *)scale, (void *)nullable)
DRV_CALL(SQLGetDescRecW, SQL_HANDLE_DESC, h,
         (SQLHDESC h, SQLSMALLINT rec, SQLWCHAR *name, SQLSMALLINT buflen, SQLSMALLINT *namelen, SQLSMALLINT *type, SQLSMALLINT *subtype, SQLLEN *length, SQLSMALLINT *precision, SQLSMALLINT *scale, SQLSMALLINT *nullable),
         (h, rec, name, buflen, namelen, type, subtype, length, precision, scale, nullable),
         "SQLGetDescRecW(rec=%d, name=%p, buflen=%d, namelen=%p, type=%p, subtype=%p, length=%p, precision=%p, scale=%p, nullable=%p)", (int)rec, (void *)name, (int)buflen, (void *)namelen, (void *)type, (void *)subtype, (void *)length, (void *)precision, (void *)scale, (void *)nullable)
DRV_CALL(SQLSetDescRec, SQL_HANDLE_DESC, h,
         (SQLHDESC h, SQLSMALLINT rec, SQLSMALLINT type, SQLSMALLINT subtype, SQLLEN length, SQLSMALLINT precision, SQLSMALLINT scale, SQLPOINTER data, SQLLEN *octet_len_ptr, SQLLEN *ind_ptr),
         (h, rec, type, subtype, length, precision, scale, data, octet_len_ptr, ind_ptr),
         "SQLSetDescRec(rec=%d, type=%d, subtype=%d, length=%ld, precision=%d, scale=%d, data=%p, octet_len_ptr=%p, ind_ptr=%p)", (int)rec, (int)type, (int)subtype, (long)length, (int)precision, (int)scale, (void *)data, (void *)octet_len_ptr, (void *)ind_ptr)
DRV_CALL(SQLCopyDesc, SQL_HANDLE_DESC, src_h,
         (SQLHDESC src_h, SQLHDESC dst_h),
         (src_h, dst_h),
         "SQLCopyDesc(dst_h=%p)", (void *)dst_h)
DRV_CALL(SQLGetDiagRec, HandleType, Handle,
         (SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT RecNumber, SQLCHAR *Sqlstate, SQLINTEGER *NativeError, SQLCHAR *MessageText, SQLSMALLINT BufferLength, SQLSMALLINT *TextLength),
         (HandleType, Handle, RecNumber, Sqlstate, NativeError, MessageText, BufferLength, TextLength),
         "SQLGetDiagRec(HandleType=%d, Handle=%p, RecNumber=%d, Sqlstate=%p, NativeError=%p, MessageText=%p, BufferLength=%d, TextLength=%p)", (int)HandleType, (void *)Handle, (int)RecNumber, (void *)Sqlstate, (void *)NativeError, (void *)MessageText, (int)BufferLength, (void *)TextLength)
DRV_CALL(SQLGetDiagRecW, HandleType, Handle,
         (SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT RecNumber, SQLWCHAR *Sqlstate, SQLINTEGER *NativeError, SQLWCHAR *MessageText, SQLSMALLINT BufferLength, SQLSMALLINT *TextLength),
         (HandleType, Handle, RecNumber, Sqlstate, NativeError, MessageText, BufferLength, TextLength),
         "SQLGetDiagRecW(HandleType=%d, Handle=%p, RecNumber=%d, Sqlstate=%p, NativeError=%p, MessageText=%p, BufferLength=%d, TextLength=%p)", (int)HandleType, (void *)Handle, (int)RecNumber, (void *)Sqlstate, (void *)NativeError, (void *)MessageText, (int)BufferLength, (void *)TextLength)
DRV_CALL(SQLGetDiagField, HandleType, Handle,
         (SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT RecNumber, SQLSMALLINT DiagIdentifier, SQLPOINTER DiagInfo, SQLSMALLINT BufferLength, SQLSMALLINT *StringLength),
         (HandleType, Handle, RecNumber, DiagIdentifier, DiagInfo, BufferLength, StringLength),
         "SQLGetDiagField(HandleType=%d, Handle=%p, RecNumber=%d, DiagIdentifier=%d, DiagInfo=%p, BufferLength=%d, StringLength=%p)", (int)HandleType, (void *)Handle, (int)RecNumber, (int)DiagIdentifier, (void *)DiagInfo, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLGetDiagFieldW, HandleType, Handle,
         (SQLSMALLINT HandleType, SQLHANDLE Handle, SQLSMALLINT RecNumber, SQLSMALLINT DiagIdentifier, SQLPOINTER DiagInfo, SQLSMALLINT BufferLength, SQLSMALLINT *StringLength),
         (HandleType, Handle, RecNumber, DiagIdentifier, DiagInfo, BufferLength, StringLength),
         "SQLGetDiagFieldW(HandleType=%d, Handle=%p, RecNumber=%d, DiagIdentifier=%d, DiagInfo=%p, BufferLength=%d, StringLength=%p)", (int)HandleType, (void *)Handle, (int)RecNumber, (int)DiagIdentifier, (void *)DiagInfo, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLPrepare, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len),
         (h, sql, len),
         "SQLPrepare(sql=%p, len=%d)", (void *)sql, (int)len)
DRV_CALL(SQLPrepareW, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLWCHAR *sql, SQLINTEGER len),
         (h, sql, len),
         "SQLPrepareW(sql=%p, len=%d)", (void *)sql, (int)len)
DRV_CALL(SQLExecDirect, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLCHAR *sql, SQLINTEGER len),
         (h, sql, len),
         "SQLExecDirect(sql=%p, len=%d)", (void *)sql, (int)len)
DRV_CALL(SQLExecDirectW, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLWCHAR *sql, SQLINTEGER len),
         (h, sql, len),
         "SQLExecDirectW(sql=%p, len=%d)", (void *)sql, (int)len)
DRV_CALL(SQLExecute, SQL_HANDLE_STMT, h,
         (SQLHSTMT h),
         (h),
         "SQLExecute()")
DRV_CALL(SQLRowCount, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLLEN *count),
         (h, count),
         "SQLRowCount(count=%p)", (void *)count)
DRV_CALL(SQLNumResultCols, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLSMALLINT *count),
         (h, count),
         "SQLNumResultCols(count=%p)", (void *)count)
DRV_CALL(SQLCloseCursor, SQL_HANDLE_STMT, h,
         (SQLHSTMT h),
         (h),
         "SQLCloseCursor()")
DRV_CALL(SQLFreeStmt, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT option),
         (h, option),
         "SQLFreeStmt(option=%u)", (unsigned)option)
DRV_CALL(SQLCancel, DRV_LOG_LIVE_STMT, h,
         (SQLHSTMT h),
         (h),
         "SQLCancel()")
DRV_CALL(SQLNativeSql, SQL_HANDLE_DBC, h,
         (SQLHDBC h, SQLCHAR *in, SQLINTEGER inlen, SQLCHAR *out, SQLINTEGER outmax, SQLINTEGER *outlen),
         (h, in, inlen, out, outmax, outlen),
         "SQLNativeSql(in=%p, inlen=%d, out=%p, outmax=%d, outlen=%p)", (void *)in, (int)inlen, (void *)out, (int)outmax, (void *)outlen)
DRV_CALL(SQLNativeSqlW, SQL_HANDLE_DBC, h,
         (SQLHDBC h, SQLWCHAR *in, SQLINTEGER inlen, SQLWCHAR *out, SQLINTEGER outmax, SQLINTEGER *outlen),
         (h, in, inlen, out, outmax, outlen),
         "SQLNativeSqlW(in=%p, inlen=%d, out=%p, outmax=%d, outlen=%p)", (void *)in, (int)inlen, (void *)out, (int)outmax, (void *)outlen)
DRV_CALL(SQLBindParameter, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT num, SQLSMALLINT io_type, SQLSMALLINT c_type, SQLSMALLINT sql_type, SQLULEN col_size, SQLSMALLINT digits, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind),
         (h, num, io_type, c_type, sql_type, col_size, digits, ptr, buflen, ind),
         "SQLBindParameter(num=%u, io_type=%d, c_type=%d, sql_type=%d, col_size=%lu, digits=%d, ptr=%p, buflen=%ld, ind=%p)", (unsigned)num, (int)io_type, (int)c_type, (int)sql_type, (unsigned long)col_size, (int)digits, (void *)ptr, (long)buflen, (void *)ind)
DRV_CALL(SQLNumParams, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLSMALLINT *count),
         (h, count),
         "SQLNumParams(count=%p)", (void *)count)
DRV_CALL(SQLDescribeParam, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT num, SQLSMALLINT *type, SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable),
         (h, num, type, size, digits, nullable),
         "SQLDescribeParam(num=%u, type=%p, size=%p, digits=%p, nullable=%p)", (unsigned)num, (void *)type, (void *)size, (void *)digits, (void *)nullable)
DRV_CALL(SQLParamData, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLPOINTER *token),
         (h, token),
         "SQLParamData(token=%p)", (void *)token)
DRV_CALL(SQLPutData, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLPOINTER data, SQLLEN len),
         (h, data, len),
         "SQLPutData(data=%p, len=%ld)", (void *)data, (long)len)
DRV_CALL(SQLMoreResults, SQL_HANDLE_STMT, h,
         (SQLHSTMT h),
         (h),
         "SQLMoreResults()")
DRV_CALL_ALLOC(SQLAllocHandle, drv_log_parent_type(HandleType), InputHandle,
         (SQLSMALLINT HandleType, SQLHANDLE InputHandle, SQLHANDLE *OutputHandle),
         (HandleType, InputHandle, OutputHandle),
         "SQLAllocHandle(HandleType=%d, InputHandle=%p, OutputHandle=%p)", (int)HandleType, (void *)InputHandle, (void *)OutputHandle)
DRV_CALL(SQLFreeHandle, HandleType, Handle,
         (SQLSMALLINT HandleType, SQLHANDLE Handle),
         (HandleType, Handle),
         "SQLFreeHandle(HandleType=%d, Handle=%p)", (int)HandleType, (void *)Handle)
DRV_CALL(SQLGetInfo, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLUSMALLINT InfoType, SQLPOINTER InfoValue, SQLSMALLINT BufferLength, SQLSMALLINT *StringLength),
         (ConnectionHandle, InfoType, InfoValue, BufferLength, StringLength),
         "SQLGetInfo(InfoType=%u, InfoValue=%p, BufferLength=%d, StringLength=%p)", (unsigned)InfoType, (void *)InfoValue, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLGetInfoW, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLUSMALLINT InfoType, SQLPOINTER InfoValue, SQLSMALLINT BufferLength, SQLSMALLINT *StringLength),
         (ConnectionHandle, InfoType, InfoValue, BufferLength, StringLength),
         "SQLGetInfoW(InfoType=%u, InfoValue=%p, BufferLength=%d, StringLength=%p)", (unsigned)InfoType, (void *)InfoValue, (int)BufferLength, (void *)StringLength)
DRV_CALL(SQLGetFunctions, SQL_HANDLE_DBC, ConnectionHandle,
         (SQLHDBC ConnectionHandle, SQLUSMALLINT FunctionId, SQLUSMALLINT *Supported),
         (ConnectionHandle, FunctionId, Supported),
         "SQLGetFunctions(FunctionId=%u, Supported=%p)", (unsigned)FunctionId, (void *)Supported)
DRV_CALL(SQLBindCol, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT col, SQLSMALLINT c_type, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind),
         (h, col, c_type, ptr, buflen, ind),
         "SQLBindCol(col=%u, c_type=%d, ptr=%p, buflen=%ld, ind=%p)", (unsigned)col, (int)c_type, (void *)ptr, (long)buflen, (void *)ind)
DRV_CALL(SQLFetch, SQL_HANDLE_STMT, h,
         (SQLHSTMT h),
         (h),
         "SQLFetch()")
DRV_CALL(SQLFetchScroll, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLSMALLINT orientation, SQLLEN offset),
         (h, orientation, offset),
         "SQLFetchScroll(orientation=%d, offset=%ld)", (int)orientation, (long)offset)
DRV_CALL(SQLExtendedFetch, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT orientation, SQLLEN offset, SQLULEN *count, SQLUSMALLINT *status),
         (h, orientation, offset, count, status),
         "SQLExtendedFetch(orientation=%u, offset=%ld, count=%p, status=%p)", (unsigned)orientation, (long)offset, (void *)count, (void *)status)
DRV_CALL(SQLSetPos, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLSETPOSIROW row, SQLUSMALLINT op, SQLUSMALLINT lock),
         (h, row, op, lock),
         "SQLSetPos(row=%lu, op=%u, lock=%u)", (unsigned long)row, (unsigned)op, (unsigned)lock)
DRV_CALL(SQLBulkOperations, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLSMALLINT op),
         (h, op),
         "SQLBulkOperations(op=%d)", (int)op)
DRV_CALL(SQLGetData, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT col, SQLSMALLINT c_type, SQLPOINTER ptr, SQLLEN buflen, SQLLEN *ind),
         (h, col, c_type, ptr, buflen, ind),
         "SQLGetData(col=%u, c_type=%d, ptr=%p, buflen=%ld, ind=%p)", (unsigned)col, (int)c_type, (void *)ptr, (long)buflen, (void *)ind)
DRV_CALL(SQLDescribeCol, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT col, SQLCHAR *name, SQLSMALLINT buflen, SQLSMALLINT *namelen, SQLSMALLINT *type, SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable),
         (h, col, name, buflen, namelen, type, size, digits, nullable),
         "SQLDescribeCol(col=%u, name=%p, buflen=%d, namelen=%p, type=%p, size=%p, digits=%p, nullable=%p)", (unsigned)col, (void *)name, (int)buflen, (void *)namelen, (void *)type, (void *)size, (void *)digits, (void *)nullable)
DRV_CALL(SQLDescribeColW, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT col, SQLWCHAR *name, SQLSMALLINT buflen, SQLSMALLINT *namelen, SQLSMALLINT *type, SQLULEN *size, SQLSMALLINT *digits, SQLSMALLINT *nullable),
         (h, col, name, buflen, namelen, type, size, digits, nullable),
         "SQLDescribeColW(col=%u, name=%p, buflen=%d, namelen=%p, type=%p, size=%p, digits=%p, nullable=%p)", (unsigned)col, (void *)name, (int)buflen, (void *)namelen, (void *)type, (void *)size, (void *)digits, (void *)nullable)
DRV_CALL(SQLColAttribute, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT col, SQLUSMALLINT field, SQLPOINTER buf, SQLSMALLINT buflen, SQLSMALLINT *outlen, SQLLEN *num),
         (h, col, field, buf, buflen, outlen, num),
         "SQLColAttribute(col=%u, field=%u, buf=%p, buflen=%d, outlen=%p, num=%p)", (unsigned)col, (unsigned)field, (void *)buf, (int)buflen, (void *)outlen, (void *)num)
DRV_CALL(SQLColAttributeW, SQL_HANDLE_STMT, h,
         (SQLHSTMT h, SQLUSMALLINT col, SQLUSMALLINT field, SQLPOINTER buf, SQLSMALLINT buflen, SQLSMALLINT *outlen, SQLLEN *num),
         (h, col, field, buf, buflen, outlen, num),
         "SQLColAttributeW(col=%u, field=%u, buf=%p, buflen=%d, outlen=%p, num=%p)", (unsigned)col, (unsigned)field, (void *)buf, (int)buflen, (void *)outlen, (void *)num)
