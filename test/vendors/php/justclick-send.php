<?php
// JustClick's sample GetHash / Send / CheckHash (https://help.justclick.io/archives/592), unchanged,
// driven by a JSON job on stdin: {"url": ..., "user_id": ..., "key": ..., "params": {...}}.
// Prints {"checked": CheckHash(...), "response": <raw answer>} so tests can compare our request
// bytes with PHP's for any parameters, and see whether PHP accepts the answer's signature.
$job = json_decode(file_get_contents('php://stdin'), true);
$user_rs = array('user_id' => $job['user_id'], 'user_rps_key' => $job['key']);
$send_data = $job['params'];
$send_data['hash'] = GetHash($send_data, $user_rs);
$raw = Send($job['url'], $send_data);
$resp = json_decode($raw);
echo json_encode(array('checked' => is_object($resp) && CheckHash($resp, $user_rs), 'response' => $raw));

  function Send($url, $data){
    $ch = curl_init();
    curl_setopt($ch, CURLOPT_URL, $url);
    curl_setopt($ch, CURLOPT_POST, true);
    curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query($data));
    curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, FALSE);
    curl_setopt($ch, CURLOPT_SSL_VERIFYHOST, 2);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true); // outputting the response to the variable
    $res = curl_exec($ch);
    curl_close($ch);
    return $res;
  }
  function GetHash($params, $user_rs) {
    $params = http_build_query($params);
    $user_id = $user_rs['user_id'];
    $secret = $user_rs['user_rps_key'];
    $params = "$params::$user_id::$secret";
    return md5($params);
  }
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
