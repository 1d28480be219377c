<?php
// JustClick's sample CheckHash (https://help.justclick.io/archives/592), unchanged, applied to
// each answer of a JSON job on stdin: {"key": ..., "answers": ["<raw JSON answer>", ...]}.
// Prints a JSON list: for each answer, the string PHP hashes and whether CheckHash accepts it.
$job = json_decode(file_get_contents('php://stdin'), true);
$user_rs = array('user_rps_key' => $job['key']);
$out = array();
foreach ($job['answers'] as $raw) {
  $resp = json_decode($raw);
  $out[] = array('hashed' => "{$resp->error_code}::{$resp->error_text}", 'checked' => CheckHash($resp, $user_rs));
}
echo json_encode($out, JSON_UNESCAPED_UNICODE);

  function CheckHash($resp, $user_rs) {
    $secret = $user_rs['user_rps_key'];
    $code = $resp->error_code;
    $text = $resp->error_text;
    $hash = md5("$code::$text::$secret");
    if($hash == $resp->hash)
      return true; // the hash is correct
    else
      return false; // the hash is not correct
  }
